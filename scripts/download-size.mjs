// The download budget (issue 12): everything a page loads, STOMP included, gzip -9 by Node's
// zlib. The build checks it; the bench reports the peers' sizes with the same function, so the
// two never disagree. Usage: node scripts/download-size.mjs <budget bytes> <file>...
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

/** {raw, gzip} bytes of one file. */
export function fileSize(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [budget, ...files] = process.argv.slice(2);
  let total = 0;
  for (const file of files) {
    const { raw, gzip } = fileSize(file);
    total += gzip;
    console.log(`dist: ${file} ${raw} bytes, ${gzip} gzip`);
  }
  console.log(`dist: ${total} bytes gzip in all (budget ${budget})`);
  if (total > Number(budget)) {
    console.error(`dist: over the download budget by ${total - Number(budget)} bytes gzip`);
    process.exit(1);
  }
}
