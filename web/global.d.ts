// `import 'wx-socket-wasm/global'`: declares the global `wx` that install() sets, for code
// written against WeChat's global `wx.connectSocket(...)`.
import type { Wx } from './index.js';

declare global {
  var wx: Wx;
}
