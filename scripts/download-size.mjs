// The download size (issue 12): gzip level 9 by Node's zlib, as the build's budget check
// (scripts/check-download-budget.mjs) and the bench count it, so the two never disagree.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** {raw, gzip} bytes of one file. */
export function fileSize(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}
