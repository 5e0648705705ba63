// node docx.mjs FILE.docx EXPECTED.json: mammoth reads the docx back and
// finds every answer, the headings and the tables.
import { load } from './deps.mjs';
import { expected, missing } from './tokens.mjs';

const mammoth = await load('mammoth');

const [file, exp] = process.argv.slice(2);
const want = expected(exp);
const raw = await mammoth.extractRawText({ path: file });
const html = await mammoth.convertToHtml({ path: file });
const fail = (msg) => { console.error(`${file}: ${msg}`); process.exit(1); };

const lost = missing(want.answers, raw.value);
if (lost.length) fail(`${lost.length} answer pieces missing, e.g.\n  ${lost.slice(0, 10).join('\n  ')}`);
if (!/<h1>/.test(html.value) || !/<h2>/.test(html.value)) fail('no exercise or prompt headings');
const tables = (html.value.match(/<table>/g) || []).length;
const rowAnswers = Object.values(want.answers).filter((v) => v.includes('\t')).length;
if (tables < rowAnswers) fail(`${tables} tables for ${rowAnswers} table answers`);
if (!html.value.includes('&lt;script&gt;alert(1)&lt;/script&gt;')) fail('script text not shown as text');
if (html.value.includes('<script')) fail('raw <script> in the document');
const errors = html.messages.filter((m) => m.type === 'error');
if (errors.length) fail(`mammoth errors: ${JSON.stringify(errors)}`);
console.log(`${file}: mammoth finds every answer, ${tables} tables`);
