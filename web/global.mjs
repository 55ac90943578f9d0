// `import 'wx-socket-wasm/global'` is for its types (global.d.ts): it declares the global `wx`
// that install() sets. At run time there is nothing to do.
