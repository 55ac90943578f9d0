// Fails (exit 1) when the files a page loads are over the download budget, in gzip bytes.
// Usage: node scripts/check-download-budget.mjs <budget bytes> <file>...
import { fileSize } from './download-size.mjs';

const [budgetArgument, ...files] = process.argv.slice(2);
const budget = Number(budgetArgument);
if (!Number.isInteger(budget) || budget <= 0 || files.length === 0) {
  console.error('usage: node scripts/check-download-budget.mjs <budget bytes> <file>...');
  process.exit(2);
}
let total = 0;
for (const file of files) {
  const { raw, gzip } = fileSize(file);
  total += gzip;
  console.log(`dist: ${file} ${raw} bytes, ${gzip} gzip`);
}
console.log(`dist: ${total} bytes gzip in all (budget ${budget})`);
if (total > budget) {
  console.error(`dist: over the download budget by ${total - budget} bytes gzip`);
  process.exit(1);
}
