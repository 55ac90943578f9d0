// Run before a page's own scripts (Playwright's page.addInitScript({ path })): counts, in
// globalThis.wasmCallCounts, the calls into every wasm instance the page makes (`into`), the
// calls from it to JS (`out`) and the page's setTimeout calls (`timers`). Counts, not times:
// bench/boundary-calls.mjs prints them per message, tests/browser/bypass-lane.test.mjs asserts them.
(() => {
  const counts = { into: 0, out: 0, timers: 0 };
  globalThis.wasmCallCounts = counts;
  const counting = (functions, key) => Object.fromEntries(Object.entries(functions).map(([name, value]) => [
    name, typeof value === 'function' ? function (...args) { counts[key]++; return value.apply(this, args); } : value,
  ]));
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiateStreaming = undefined;  // Emscripten's glue falls back to instantiate
  WebAssembly.instantiate = async function (source, imports) {
    const countedImports = Object.fromEntries(Object.entries(imports ?? {}).map(([space, functions]) => [
      space, counting(functions, 'out'),
    ]));
    // Given a compiled module, instantiate resolves with the instance alone.
    const result = await instantiate.call(this, source, countedImports);
    const counted = { exports: counting((result.instance ?? result).exports, 'into') };
    return result.instance ? { instance: counted, module: result.module } : counted;
  };
  const { setTimeout } = globalThis;
  globalThis.setTimeout = function (...args) {
    counts.timers++;
    return setTimeout.apply(this, args);
  };
})();
