// node ics.mjs FILE.ics EXPECTED.json: ical.js parses the calendar and
// finds each milestone on its date, once, with a unique UID.
import { readFileSync } from 'node:fs';
import { load } from './deps.mjs';
import { expected } from './tokens.mjs';

const ICAL = await load('ical.js');

const [file, exp] = process.argv.slice(2);
const { milestones } = expected(exp);
const cal = new ICAL.Component(ICAL.parse(readFileSync(file, 'utf8')));
const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
const fail = (msg) => { console.error(`${file}: ${msg}`); process.exit(1); };

if (!milestones.length) fail('the expected plan has no milestones');
if (events.length !== milestones.length) fail(`${events.length} events for ${milestones.length} milestones`);
for (const m of milestones) {
  const e = events.find((ev) => ev.summary === m.summary);
  if (!e) fail(`no event for milestone ${m.summary}`);
  if (!e.startDate.isDate || e.startDate.toString() !== m.date)
    fail(`${m.summary}: starts ${e.startDate.toString()}, not on ${m.date}`);
  if (!/Hours: /.test(e.description)) fail(`${m.summary}: no hours in the description`);
}
if (new Set(events.map((e) => e.uid)).size !== events.length) fail('UIDs are not unique');
console.log(`${file}: ${events.length} milestones on their dates`);
