// "Bring your notes" (issue 11) the way a participant would: a new user
// signs up, uploads their Markdown notes of session 7
// (tests/fixtures/notes-participant-07.md) on the session page, reads the
// preview (what lands where, what matches nothing), confirms, and finds
// the answers in the career and project plans with the coaching checks
// reacting to them.  A second upload with one answer changed shows that
// difference alone, and after confirming the old answer is in the plan's
// history.  Bad uploads (20 MB, not UTF-8, another session's notes) get
// a clear message and change nothing.  The same without JavaScript.
// axe-core and the Nu HTML checker on every new page.
// Run from this directory: `node notes.mjs` (`make browser` runs it).
//
// Screenshots go to artifacts/notes/; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  useApp, base, root, tmp, artifacts, newUser, newPage, signup, axeCheck, vnuCheck,
  cookieHeader,
} from './harness.mjs';

useApp();

const out = join(artifacts, 'notes');
const NOTES = join(root, 'tests/fixtures/notes-participant-07.md');
const notes = readFileSync(NOTES, 'utf8');
const OLD = 'A weekly check-in with one partner.';
const NEW = 'Two check-ins a week with one partner, on Mondays and Thursdays.';
const squash = (s) => s.replace(/\s+/g, ' ').trim();

// The steps build on each other: after a failure the rest are skipped.
let broken = false;
function step(name, fn) {
  test(name, async (t) => {
    if (broken) return t.skip('an earlier step failed');
    try {
      await fn();
    } catch (e) {
      broken = true;
      throw e;
    }
  });
}

const me = { user: newUser('Notes') };
const served = new Map();   // name -> HTML as served, for the Nu checker
const axeFound = [];

async function shotPage(page, name) {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}

// Upload `file` ({ name, buffer } or a path) on the session page; resolves
// to the reply of POST /s/7/notes (its HTML kept for the Nu checker).
async function upload(page, file, name) {
  await page.goto(`${base}/s/7#bring`);
  await page.setInputFiles('#notes-file', file);
  const [r] = await Promise.all([
    page.waitForResponse((x) => x.url() === `${base}/s/7/notes` && x.request().method() === 'POST'),
    page.getByRole('button', { name: 'Preview' }).click(),
  ]);
  await page.waitForLoadState();
  served.set(name, await r.text());
  return r;
}

// The stored plans as the participant's "Your plans" page has them.
async function plansText() {
  const r = await fetch(`${base}/s/7/plan`, { headers: { cookie: await cookieHeader(me.context) } });
  return squash((await r.text()).replace(/<[^>]*>/g, ' '));
}

// A check on the page (the plans page or an exercise page): its line
// (✓ Done / ✗ To do) by its words.
async function check(page, words) {
  const li = page.locator('.checks li').filter({ hasText: words });
  assert.ok(await li.count() >= 1, `a check about "${words}"`);
  return squash(await li.first().textContent());
}

step('a new user signs up and finds "Bring your notes" on the session page', async () => {
  mkdirSync(out, { recursive: true });
  Object.assign(me, await newPage({ bypassCSP: true }));
  await signup(me.page, me.user);
  const { page } = me;
  await page.getByRole('link', { name: 'Bring your notes' }).click();
  const section = page.locator('section[aria-labelledby="bring"]');
  await section.scrollIntoViewIfNeeded();
  assert.match(squash(await section.innerText()), /nothing is saved until you confirm/);
  assert.equal(await section.locator('form').getAttribute('enctype'), 'multipart/form-data');
  served.set('session', await (await fetch(`${base}/s/7`, { headers: { cookie: await cookieHeader(me.context) } })).text());
  await axeCheck(page, 'notes/axe-session', axeFound);
  // Before: the checks say the plans are empty.
  await page.goto(`${base}/s/7/e/make-your-career-awesome`);
  assert.match(await check(page, 'Roles: 3 to 5'), /To do/);
  await page.goto(`${base}/s/7/e/make-your-project-awesome`);
  assert.match(await check(page, 'Deliverable: answered'), /To do/);
});

step('the upload shows a preview and saves nothing', async () => {
  const { page } = me;
  const r = await upload(page, NOTES, 'preview-1');
  assert.equal(r.status(), 200);
  assert.equal(await page.locator('h1').innerText(), 'Your notes: preview');
  assert.match(squash(await page.locator('p.summary').innerText()),
    /^From notes-participant-07\.md: 8 new · 0 different from what you saved · 0 the same · 4 not matched\./);
  // What lands where: the prompt, its exercise, the line of the notes.
  const roles = page.locator('section[aria-labelledby="new"] li').filter({ has: page.locator('h3', { hasText: /^Roles$/ }) });
  assert.match(squash(await roles.innerText()), /Your answer in Make your career awesome · line 26 of your notes.*Technical writer for a safety lab/);
  const note = page.locator('section[aria-labelledby="new"] li').filter({ hasText: 'Your private note on the reading Working in AI Alignment' });
  assert.match(squash(await note.innerText()), /The engineering roles section matches what I do now\./);
  // What matches nothing is listed, not dropped.
  const nm = page.locator('section[aria-labelledby="nm"]');
  assert.match(squash(await nm.locator('h2').innerText()), /^Not matched \(4\)$/);
  assert.match(squash(await nm.innerText()), /An answer to “How do I explain a career change to my family\?” Line 39 of your notes Start with why the work matters to me\./);
  await shotPage(page, 'preview-1');
  await axeCheck(page, 'notes/axe-preview-1', axeFound);
  assert.doesNotMatch(await plansText(), /Technical writer for a safety lab/, 'nothing saved before confirming');
});

step('confirming puts the answers in both plans, and the checks react', async () => {
  const { page } = me;
  await Promise.all([
    page.waitForURL(`${base}/s/7/plan?notes=saved`),
    page.getByRole('button', { name: 'Save 8 new' }).click(),
  ]);
  assert.match(await page.locator('p.flash').innerText(), /Your notes are saved/);
  const career = page.locator('section').filter({ has: page.locator('h2', { hasText: 'Make your career awesome' }) }).first();
  const project = page.locator('section').filter({ has: page.locator('h2', { hasText: 'Make your project awesome' }) }).first();
  assert.match(squash(await career.innerText()), /Technical writer for a safety lab/);
  assert.match(squash(await career.innerText()), /reproduce one small interpretability result/);
  assert.match(squash(await project.innerText()), /A short write-up that replicates one probing result on a small model\./);
  assert.match(squash(await project.innerText()), new RegExp(OLD.replace(/\./g, '\\.')));
  // The checks now speak of what came in.
  assert.match(await check(page, 'Roles: 3 to 5'), /Done.*You have 3\./);
  assert.match(await check(page, 'Cheap tests: one for each role'), /To do.*None yet for Technical writer for a safety lab\./);
  assert.match(await check(page, 'Deliverable: answered'), /Done/);
  assert.match(await check(page, 'Fit with goals: one for each goal'), /To do.*Create something that shows future/);
  await shotPage(page, 'plans-after');
  // The career exercise page has the roles ticked and the own one added.
  await page.goto(`${base}/s/7/e/make-your-career-awesome`);
  assert.match(squash(await page.locator('main').innerText()), /Technical writer for a safety lab/);
  // The reading note is on the session page.
  await page.goto(`${base}/s/7`);
  const box = page.locator('article.reading').filter({ hasText: 'Working in AI Alignment' }).locator('textarea');
  assert.equal(await box.inputValue(), 'The engineering roles section matches what I do now.');
});

step('a second upload with one answer changed shows only that difference', async () => {
  const { page } = me;
  assert.ok(notes.includes(OLD));
  await upload(page, { name: 'notes-v2.md', mimeType: 'text/markdown', buffer: Buffer.from(notes.replace(OLD, NEW)) }, 'preview-2');
  assert.match(squash(await page.locator('p.summary').innerText()),
    /^From notes-v2\.md: 0 new · 1 different from what you saved · 7 the same · 4 not matched\./);
  assert.equal(await page.locator('section[aria-labelledby="new"]').count(), 0);
  const changed = page.locator('section[aria-labelledby="changed"] ul.notes-items > li');
  assert.equal(await changed.count(), 1);
  assert.match(squash(await changed.locator('h3').innerText()), /^Support$/);
  assert.deepEqual(await changed.locator('pre.diff del').allInnerTexts(), [`− ${OLD}`]);
  assert.deepEqual(await changed.locator('pre.diff ins').allInnerTexts(), [`+ ${NEW}`]);
  // The ones that are the same are there to see, folded away.
  assert.equal(await page.locator('section[aria-labelledby="same"] details').getAttribute('open'), null);
  await shotPage(page, 'preview-2');
  await axeCheck(page, 'notes/axe-preview-2', axeFound);
  await Promise.all([
    page.waitForURL(`${base}/s/7/plan?notes=saved`),
    page.getByRole('button', { name: 'Replace 1' }).click(),
  ]);
  const text = await plansText();
  assert.match(text, /Two check-ins a week with one partner/);
  assert.doesNotMatch(text, /A weekly check-in with one partner/);
  // What it replaced is in the plan's history, seconds after it was saved.
  await page.goto(`${base}/s/7/e/make-your-project-awesome/history`);
  const support = page.locator('section.history').filter({ has: page.locator('h2', { hasText: /^Support$/ }) });
  assert.match(squash(await support.innerText()), /2 versions/);
  assert.deepEqual(await support.locator('pre.diff del').allInnerTexts(), [`− ${OLD}`]);
  await shotPage(page, 'history');
});

step('bad uploads get a clear message and change nothing', async () => {
  const { page } = me;
  const before = await plansText();
  // 20 MB: the server keeps no more than 1 MB of it.
  writeFileSync(join(tmp, 'huge.md'), Buffer.alloc(20 << 20, 'a'));
  let r = await upload(page, join(tmp, 'huge.md'), 'refused-huge');
  assert.equal(r.status(), 413);
  assert.match(squash(await page.locator('body').innerText()), /larger than 1 MB, so nothing was saved/);
  // Not UTF-8: a Latin-1 file.
  r = await upload(page, { name: 'latin1.md', mimeType: 'text/markdown', buffer: Buffer.from('# Session 7\n\n- caf\xe9\n', 'latin1') }, 'refused-latin1');
  assert.equal(r.status(), 400);
  assert.match(squash(await page.locator('main').innerText()), /The file you chose is not UTF-8 text .* nothing was saved/);
  // Binary.
  r = await upload(page, { name: 'photo.md', mimeType: 'image/png', buffer: Buffer.from('# Session 7\n\n- a\0b\n', 'latin1') }, 'refused-binary');
  assert.equal(r.status(), 422);
  assert.match(squash(await page.locator('p.error').innerText()), /Line 3: binary data \(NUL byte\)\. Nothing was saved\./);
  // Another session's notes: the message, and the form again.
  r = await upload(page, join(root, 'tests/fixtures/notes-pick-one.md'), 'refused-other');
  assert.equal(r.status(), 422);
  assert.equal(squash(await page.locator('p.error').innerText()), 'These are notes of session 14, not of session 7. Nothing was saved.');
  assert.equal(await page.locator('#notes-file').count(), 1);
  await shotPage(page, 'refused-other');
  await axeCheck(page, 'notes/axe-refused', axeFound);
  assert.equal(await plansText(), before, 'the bad uploads changed nothing');
  served.delete('refused-huge');   // the server's plain error page
});

step('without JavaScript: paste, preview, confirm', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  try {
    await signup(page, newUser('NoJS'));
    await page.fill('#notes-text', notes);
    await Promise.all([page.waitForURL(`${base}/s/7/notes`), page.getByRole('button', { name: 'Preview' }).click()]);
    assert.match(squash(await page.locator('p.summary').innerText()), /^8 new · 0 different/);
    await Promise.all([
      page.waitForURL(`${base}/s/7/plan?notes=saved`),
      page.getByRole('button', { name: 'Save 8 new' }).click(),
    ]);
    assert.match(squash(await page.locator('main').innerText()), /Technical writer for a safety lab/);
  } finally {
    await context.close();
  }
});

step('axe-core finds no violations; the Nu checker no errors', async () => {
  assert.deepEqual(axeFound, [], `axe-core:\n  ${axeFound.join('\n  ')}`);
  await vnuCheck(served, 'notes-html');
  await me.context.close();
});
