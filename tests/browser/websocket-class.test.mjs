// createWx({ WebSocket }): the class every socket of the page is made with, and its refusals.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { useBrowserFixture } from './fixture.mjs';

const fx = useBrowserFixture();

test('config.WebSocket makes every socket of the page; binary sends reach it intact', async () => {
  const page = await fx.openPage();
  const result = await page.evaluate(async (url) => {
    const made = [];
    class CountingSocket extends WebSocket {
      constructor(...args) { super(...args); made.push(args[0]); }
    }
    const refusal = (config) => sdk.createWx(config).then(() => 'created', (e) => `${e.name}: ${e.message}`);
    const notAClass = await refusal({ WebSocket: 'ws' });
    const wx = await sdk.createWx({ WebSocket: CountingSocket });
    const other = await sdk.createWx();  // no class given: the page's class still serves it
    const another = await refusal({ WebSocket: class extends WebSocket {} });
    const echoes = [];
    for (const object of [wx, other]) {
      const task = object.connectSocket({ url });
      await nextEvent(task, 'open');
      task.send({ data: new Uint8Array([7, 8, 9]) });
      echoes.push([...new Uint8Array((await nextEvent(task, 'message')).data)]);
      task.close();
    }
    return { notAClass, another, made: made.length, echoes };
  }, fx.ws.url('/echo'));
  await page.close();
  const refused = 'TypeError: createWx: config.WebSocket should be a WebSocket class, the same for every wx object';
  assert.deepEqual(result, { notAClass: refused, another: refused, made: 2, echoes: [[7, 8, 9], [7, 8, 9]] });
});

test('a class whose constructor throws: connectSocket fails with its error, cut whole at 255 UTF-8 bytes', async () => {
  const page = await fx.openPage();
  const result = await page.evaluate(async () => {
    let message = '';
    class Refusing extends WebSocket {
      constructor() { throw new RangeError(message); }
    }
    const wx = await sdk.createWx({ WebSocket: Refusing });  // one class per page
    const errMsgOf = async (text) => {
      message = text;
      let errMsg = null;
      wx.connectSocket({ url: 'ws://127.0.0.1:1/', fail: (result) => { errMsg = result.errMsg; } });
      await new Promise((resolve) => setTimeout(resolve, 0));
      return errMsg;
    };
    return [await errMsgOf('拒'.repeat(100)), await errMsgOf('x'.repeat(300))];
  });
  await page.close();
  // 'RangeError: ' is 12 bytes: then 81 whole characters of 3 bytes, or 243 of 1, fill the
  // buffer's 255 bytes of room (its 256th holds the terminating 0).
  assert.deepEqual(result, [`connectSocket:fail RangeError: ${'拒'.repeat(81)}`, `connectSocket:fail RangeError: ${'x'.repeat(243)}`]);
});
