// Where the wasm core comes from: config.wasm (a URL, a Response or a promise of one, the bytes,
// or a compiled module), else wx-core.wasm beside this module. Every way loading can fail ends
// in one Error that names what was tried and what came back, instead of Emscripten's Aborted().

const HELP = 'see "Loading the wasm" in the README of wx-socket-wasm';

/** The compiled core from a config.wasm value (undefined: the file beside this module). */
export async function compileWasm(source) {
  let from = source === undefined ? 'wx-core.wasm beside import.meta.url' : 'config.wasm';
  let detail = '';
  try {
    // Written out as bundlers expect an asset; a classic script or an IIFE bundle has no URL.
    source = await (source ?? new URL('wx-core.wasm', import.meta.url));
    if (source instanceof WebAssembly.Module) return source;
    if (typeof source === 'string' || source instanceof URL) {
      from = source = new URL(source, globalThis.location?.href);
      // Node's fetch cannot read file: URLs; getBuiltinModule keeps `fs` out of browser bundles.
      const fs = source.protocol === 'file:' && globalThis.process?.getBuiltinModule?.('fs/promises');
      source = await (fs ? fs.readFile(source) : fetch(source, { credentials: 'same-origin' }));
    }
    if (source instanceof Response) {
      from = source.url || 'the Response given';
      detail = ` (HTTP ${source.status}, content-type ${source.headers.get('content-type')})`;
      if (!source.ok) throw new Error(source.statusText || 'not OK');
      source = await source.arrayBuffer();
    }
    return await WebAssembly.compile(source);
  } catch (error) {
    throw new Error(`wx-socket-wasm: cannot load the wasm core from ${from}: ${error.message}${detail}; ${HELP}`);
  }
}
