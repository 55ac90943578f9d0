// The harness page: mini-program style code on install()ed wx, wired to a few buttons.
import { install } from '/dist/wx-socket.mjs';

const $ = (id) => document.getElementById(id);
const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
let task = null;

function log(kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = `${new Date().toLocaleTimeString()}  ${text}`;
  $('log').prepend(item);
}

function describe(data) {
  return typeof data === 'string' ? JSON.stringify(data) : `ArrayBuffer(${data.byteLength})`;
}

function showState() {
  $('state').textContent = task ? STATES[task.readyState] : '–';
}

const report = (res) => log(res.errMsg.endsWith(':ok') ? 'out' : 'fail', res.errMsg);

await install();
$('url').value = new URLSearchParams(location.search).get('ws') ?? 'ws://127.0.0.1:8081/echo';
setInterval(showState, 200);

$('connect').onclick = () => {
  task = wx.connectSocket({ url: $('url').value, complete: report });
  task.onOpen((res) => log('in', `onOpen, connected in ${res.profile.cost.toFixed(1)} ms`));
  task.onMessage((res) => log('in', `onMessage ${describe(res.data)}`));
  task.onError((res) => log('fail', `onError ${res.errMsg}`));
  task.onClose((res) => log('in', `onClose code ${res.code} reason ${JSON.stringify(res.reason)}`));
};
$('send-text').onclick = () => {
  const data = $('text').value;
  log('out', `send ${describe(data)}`);
  task?.send({ data, complete: report });
};
$('send-binary').onclick = () => {
  const data = new Uint8Array(Number($('bytes').value)).map((_, i) => i % 256).buffer;
  log('out', `send ${describe(data)}`);
  task?.send({ data, complete: report });
};
$('close').onclick = () => {
  task?.close({ code: Number($('code').value), reason: $('reason').value, complete: report });
};
