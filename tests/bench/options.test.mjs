// The bench tools' shared options (bench/options.mjs): an A/B run measures what they name.
import assert from 'node:assert/strict';
import test from 'node:test';

import { takeBaseOption, takeListOption } from '../../bench/options.mjs';

test('takeListOption takes the option and its list out of the arguments, wherever they stand', () => {
  const args = ['text:16', '--contenders', 'sdk,base', '--save'];
  assert.deepEqual(takeListOption(args, '--contenders'), ['sdk', 'base']);
  assert.deepEqual(args, ['text:16', '--save']);
  assert.equal(takeListOption(args, '--rows'), null);
});

test('takeListOption refuses an option without a list', () => {
  assert.throws(() => takeListOption(['--rows'], '--rows'), /--rows needs a comma-separated list/);
  assert.throws(() => takeListOption(['--rows', ','], '--rows'), /--rows needs a comma-separated list/);
});

test('takeBaseOption gives the page one path per build, a stray comma or slash making none of its own', () => {
  // A path of '/' alone would make the page import //wx-socket.mjs and wait out its timeout.
  assert.equal(takeBaseOption(['--base', 'build/a/,/build/b,']), '/build/a,/build/b');
  assert.equal(takeBaseOption(['x']), null);
});
