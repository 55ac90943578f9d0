// The bench's statistics, shared by its Node tools and its pages (served as /bench/statistics.mjs).

/** The `q` quantile of `values` (the order statistic at floor(q × n)). */
export const quantile = (values, q) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))];

export const median = (values) => quantile(values, 0.5);

/** `items` in a new random order, each order equally likely (unlike sorting by a random comparator). */
export const shuffle = (items) => items.map((v) => [Math.random(), v]).sort((a, b) => a[0] - b[0]).map(([, v]) => v);

export const round = (value, digits = 2) => Number(value.toFixed(digits));

/**
 * A distribution-free 95 % confidence interval for the median of `values` (the sign test's: valid
 * for independent repetitions alike; null below 6 of them): the order statistics k and n + 1 - k,
 * k the largest with P(Binomial(n, 1/2) < k) <= 2.5 %. It tells whether a median ratio of, say,
 * 1.04 is above 1 or within the repetitions' noise.
 */
export function medianInterval(values) {
  const sorted = [...values].sort((a, b) => a - b), n = sorted.length;
  let below = 0, k = 0;  // P(Binomial(n, 1/2) < k); each term adds P(Binomial(n, 1/2) = k)
  for (let term = 0.5 ** n; k < n / 2; term *= (n - k) / (k + 1), k++) {
    if (below + term > 0.025) break;
    below += term;
  }
  return k ? [sorted[k - 1], sorted[n - k]] : null;
}
