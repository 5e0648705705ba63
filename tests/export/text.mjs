// node text.mjs FILE.txt EXPECTED.json: every answer is in the text
// (pdftotext of the exported docx).
import { readFileSync } from 'node:fs';
import { expected, missing } from './tokens.mjs';

const [file, exp] = process.argv.slice(2);
const lost = missing(expected(exp).answers, readFileSync(file, 'utf8'), { cellWords: true });
if (lost.length) {
  console.error(`${file}: ${lost.length} answer pieces missing, e.g.\n  ${lost.slice(0, 10).join('\n  ')}`);
  process.exit(1);
}
console.log(`${file}: every answer found`);
