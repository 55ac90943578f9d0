// The bench's statistics (bench/statistics.mjs): the README's "× rws" intervals rest on them.
import assert from 'node:assert/strict';
import test from 'node:test';

import { median, medianInterval, quantile, shuffle } from '../../bench/statistics.mjs';

// P(Binomial(n, 1/2) < k), exactly.
function binomialBelow(n, k) {
  let sum = 0n, choose = 1n;
  for (let i = 0; i < k; i++) {
    sum += choose;
    choose = (choose * BigInt(n - i)) / BigInt(i + 1);
  }
  return Number(sum) / 2 ** n;
}

test('medianInterval: the largest k with P(Binomial(n, 1/2) < k) <= 2.5 %, as the order statistics k and n + 1 - k', () => {
  for (let n = 1; n <= 60; n++) {
    let k = 0;
    while (k + 1 <= n / 2 && binomialBelow(n, k + 1) <= 0.025) k++;
    const values = Array.from({ length: n }, (_, i) => n - i);  // 1..n, given in reverse
    assert.deepEqual(medianInterval(values), k ? [k, n + 1 - k] : null, `n = ${n}`);
    if (k) assert.ok(1 - 2 * binomialBelow(n, k) >= 0.95, `coverage at n = ${n}`);
  }
  // The textbook values: 15 repetitions give the 4th and 12th, 5 give none.
  assert.deepEqual(medianInterval([...Array(15).keys()].map((i) => i + 1)), [4, 12]);
  assert.equal(medianInterval([1, 2, 3, 4, 5]), null);
});

test('median and quantile pick order statistics without reordering their input', () => {
  const values = [5, 1, 4, 2, 3];
  assert.equal(median(values), 3);
  assert.equal(quantile(values, 0.99), 5);
  assert.equal(quantile(values, 0), 1);
  assert.deepEqual(values, [5, 1, 4, 2, 3]);
});

test('shuffle returns the same items, and every order of three about equally often', () => {
  const counts = {};
  for (let i = 0; i < 6000; i++) {
    const order = shuffle(['a', 'b', 'c']).join('');
    counts[order] = (counts[order] ?? 0) + 1;
  }
  assert.deepEqual(Object.keys(counts).sort(), ['abc', 'acb', 'bac', 'bca', 'cab', 'cba']);
  for (const count of Object.values(counts)) assert.ok(count > 800 && count < 1200, JSON.stringify(counts));
});
