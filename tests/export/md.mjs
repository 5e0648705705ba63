// node md.mjs CHECK.json EXPECTED.json: the exported Markdown, parsed by
// `alignplan import --check --json`, gives back every answer exactly.
import { readFileSync } from 'node:fs';
import { expected } from './tokens.mjs';

const [file, exp] = process.argv.slice(2);
const { answers } = expected(exp);
const model = JSON.parse(readFileSync(file, 'utf8'));
let n = 0;
for (const e of model.exercises)
  for (const p of e.prompts) {
    if (!(p.id in answers)) continue;
    n++;
    if (p.answer !== answers[p.id]) {
      console.error(`${p.id}: answer read back differs\n want ${JSON.stringify(answers[p.id])}\n got  ${JSON.stringify(p.answer)}`);
      process.exit(1);
    }
  }
if (n !== Object.keys(answers).length) {
  console.error(`only ${n} of ${Object.keys(answers).length} prompts found again`);
  process.exit(1);
}
console.log(`Markdown: ${n} answers read back exactly`);
