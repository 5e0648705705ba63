// The rough edges of session 7 (issue 15), one test each, on the cohort
// _world.mjs builds; layout.mjs checks the classes that hold on every
// page (sideways scrolling, chart labels, dates that wrap, #links).
//   - the Thoughts section's box: private, autosaved, in the workbook's
//     downloads;
//   - links in a checklist's options: on the page and in the exports;
//   - calendar UIDs: one per person and milestone, kept when rows move;
//   - a check next to the prompt it concerns turns from "To do" to
//     "Done" while that prompt is in view, as autosave saves it.
// Run from this directory: `node edges.mjs` (`make browser` runs it).
// Screenshots go to artifacts/edges/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { useApp, base, artifacts, settled, promptAbout, httpSignup } from './harness.mjs';
import {
  buildWorld, contextFor, get, post, fillProject, A, PROJECT, iso,
} from './_world.mjs';

useApp();

const out = join(artifacts, 'edges');
let world;

// A page of the world in a browser, as `who`, with its errors collected.
async function open(who, path, width = 1280) {
  const context = await contextFor(who, width);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  const r = await page.goto(`${base}${path}`);
  assert.equal(r.status(), 200, `GET ${path}`);
  return { context, page, errors };
}

test('the world', async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  world = await buildWorld();
});

test('1. "Thoughts" has a private box that autosaves, and the whole workbook\'s downloads carry it', async () => {
  const words = 'Less planning, more doing: start the probe this week.';
  const { context, page, errors } = await open(world.pc, '/s/7', 390);
  const section = page.locator('section[aria-labelledby="thoughts"]');
  assert.match(await section.innerText(), /Use this space for any reflections on the session/);
  const box = section.getByLabel('Your reflections on the session');
  assert.equal(await box.count(), 1, 'the Thoughts section offers a box to write in');
  await box.fill(words);
  await settled(page);
  assert.match(await section.locator('.status').innerText(), /^Saved at/);
  await page.screenshot({ path: join(out, 'thoughts-390.png'), fullPage: false });
  await page.reload();
  assert.equal(await section.getByLabel('Your reflections on the session').inputValue(), words);
  assert.deepEqual(errors, []);
  await context.close();

  const md = await get(world.pc, '/s/7/export.md');
  assert.ok(md.includes('# Thoughts\n\nUse this space for any reflections on the session.\n\n'
    + '- Your reflections on the session\n  - Less planning\\, more doing\\: start the probe this week\\.\n'), md.slice(-400));
  assert.ok((await get(world.pc, '/s/7/export.html')).includes(`<p>${words}</p>`));
  // One plan's downloads, and everyone else, see none of it.
  assert.ok(!(await get(world.pc, `/s/7/export.md?e=${PROJECT}`)).includes('Less planning'));
  assert.ok(!(await get(world.fac, `/c/${world.cohort}/answers.csv`)).includes('Less planning'));
});

test('2. links inside a checklist\'s options stay links: on the page and in the downloads', async () => {
  const skill = 'https://www.scotthyoung.com/blog/2020/04/01/skills-that-matter/';
  const hypotheses = 'https://www.cold-takes.com/learning-by-writing/';
  const { context, page } = await open(world.pa, `/s/7/e/${PROJECT}`);
  const goals = promptAbout(page, 'What goals do you want the project to achieve');
  for (const [text, href] of [['Get good at a relevant skill', skill], ['Form your own hypotheses', hypotheses]]) {
    const link = goals.locator('ul.options li').getByRole('link', { name: text });
    assert.equal(await link.count(), 1, `"${text}" is a link on the page`);
    assert.equal(await link.getAttribute('href'), href);
  }
  // The checkbox still ticks by its label's text, as it did.
  assert.equal(await goals.getByRole('checkbox', { name: /^Get good at a relevant skill that prepares you/ }).isChecked(), true);
  await goals.screenshot({ path: join(out, 'goals-with-links.png') });
  await context.close();

  const md = await get(world.pa, '/s/7/export.md');
  assert.ok(md.includes(`  - [Get good at a relevant skill](${skill}) that prepares you`), 'the Markdown has the link');
  assert.ok(md.includes(`  - [Form your own hypotheses](${hypotheses}) on important`), 'and the other one');
  const html = await get(world.pa, '/s/7/export.html');
  assert.ok(html.includes(`<a href="${skill}"`), 'the printable page links the picked option');
  // "Your plans" and the cohort's view of the plan link the pick too.
  for (const [who, path] of [[world.pa, '/s/7/plan'], [world.pb, `/p/${world.ids.a}/7/${PROJECT}`]]) {
    assert.ok((await get(who, path)).includes(`<a href="${skill}"`), `${path} links the picked goal`);
  }
});

// The events of an .ics file: { summary: uid }.
function events(ics) {
  const unfolded = ics.replace(/\r\n /g, '');
  const map = {};
  for (const ev of unfolded.split('BEGIN:VEVENT').slice(1)) {
    map[ev.match(/\r\nSUMMARY:(.*)\r\n/)[1]] = ev.match(/\r\nUID:(.*)\r\n/)[1];
  }
  return map;
}

test('7. calendar UIDs are one per person and milestone, and stay when rows are reordered or dates move', async () => {
  const twin = await httpSignup('Twin');
  await fillProject(twin);
  const a = events(await get(world.pa, '/s/7/export.ics'));
  const t = events(await get(twin, '/s/7/export.ics'));
  assert.equal(Object.keys(a).length, A.milestones.length, JSON.stringify(a));
  assert.deepEqual(Object.keys(t).sort(), Object.keys(a).sort());
  for (const s of Object.keys(a)) assert.notEqual(t[s], a[s], `two people's "${s}" share a UID`);
  assert.equal(new Set(Object.values(a)).size, A.milestones.length, 'one UID per milestone');
  // The twin puts the rows in another order and moves a date.
  const rows = [...A.milestones].reverse().map((r, i) => (i ? r : [r[0], iso(Date.now() + 50 * 86400000), r[2]]));
  await post(twin, `/s/7/e/${PROJECT}`, [['p', 'e2-milestones'],
    ...rows.flatMap((cells) => [['r.e2-milestones', ''], ...cells.map((v, c) => [`t.e2-milestones.${c}`, v])])]);
  const moved = events(await get(twin, '/s/7/export.ics'));
  assert.deepEqual(moved, t, 'the same milestone keeps its UID');
});

test('a check next to its prompt turns from "To do" to "Done" while the prompt is in view (autosave)', async () => {
  for (const width of [390, 1280]) {
    const who = await httpSignup(`Checker ${width}`);
    const { context, page, errors } = await open(who, `/s/7/e/${PROJECT}`, width);
    const ms = page.locator('#p-e2-milestones');
    const mine = ms.locator('.prompt-checks li.check').filter({ hasText: 'Milestones: at least 2' });
    // The summary panel at the top is still there, with the same check.
    assert.match(await page.locator('#checks details.checks-panel').innerText(), /Milestones: at least 2/);
    assert.equal(await mine.count(), 1, 'the milestones prompt shows its own checks');
    assert.match(await mine.innerText(), /^✗ To do:/);
    await ms.scrollIntoViewIfNeeded();
    for (const [i, [name, when, hours]] of A.milestones.slice(0, 2).entries()) {
      const row = i + 1;
      if (!await ms.getByLabel(`Milestone, row ${row}`).count()) await ms.getByRole('button', { name: 'Add row' }).click();
      await ms.getByLabel(`Milestone, row ${row}`).fill(name);
      await ms.getByLabel(`By when, row ${row}`).fill(when);
      await ms.getByLabel(`Hours, row ${row}`).fill(hours);
    }
    await settled(page);
    assert.match(await mine.innerText(), /^✓ Done:/, `the check in the prompt after autosave (${width} px)`);
    // In view: the check and the row just typed fit the window together.
    const seen = await mine.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    assert.ok(seen, `the check is in the window while the milestones are edited (${width} px)`);
    await page.screenshot({ path: join(out, `check-in-prompt-${width}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a lost invite or read-only link is shown again to its owner, next to its revoke button', async () => {
  const { context, page } = await open(world.fac, `/c/${world.cohort}`);
  const row = page.locator('table.invites tbody tr').filter({ has: page.locator(`input[value$="${world.invite}"]`) });
  assert.equal(await row.count(), 1, 'the active invite is listed with its link');
  assert.equal(await row.getByRole('textbox', { name: /^The invite link made/ }).inputValue(), `${base}${world.invite}`,
    'as the whole address');
  assert.equal(await row.getByRole('button', { name: /^Revoke/ }).count(), 1);
  await context.close();
  const mine = await open(world.pa, '/s/7/plan');
  const share = mine.page.locator(`#share-${PROJECT}`);
  assert.equal(await share.getByLabel(/^The link to/).inputValue(), `${base}${world.link}`);
  assert.equal(await share.getByRole('button', { name: 'Revoke the link' }).count(), 1);
  await mine.context.close();
  // Nobody else sees them.
  assert.ok(!(await get(world.pb, `/c/${world.cohort}`)).includes(world.invite));
  assert.ok(!(await get(world.pb, `/p/${world.ids.a}/7/${PROJECT}`)).includes(world.link));
});

test('a peer\'s view of a plan leads back to the cohort', async () => {
  const peer = await open(world.pb, `/p/${world.ids.a}/7/${PROJECT}`);
  const back = peer.page.locator('main .crumbs a');
  assert.equal(await back.count(), 1, 'a link back');
  assert.equal(await back.getAttribute('href'), `/c/${world.cohort}`);
  assert.equal(await back.textContent(), 'Spring sprint — Zürich cohort');
  await peer.context.close();
});

test('the facilitator\'s notes on a presenter stay in view while the plan scrolls past', async () => {
  await post(world.fac, `/c/${world.cohort}/review`, [['action', 'start']], { status: 303 });
  for (const width of [390, 1280]) {
    const { context, page, errors } = await open(world.fac, `/c/${world.cohort}/review`, width);
    const notes = page.locator('section.presenter details.private');
    const inView = () => notes.locator('summary').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    const tall = await page.evaluate(() => document.scrollingElement.scrollHeight);
    assert.ok(tall > 3 * 900, `the presenter's plan is long (${tall} px)`);
    for (const at of [0, 0.3, 0.6]) {
      await page.evaluate((f) => window.scrollTo(0, f * document.scrollingElement.scrollHeight), at);
      assert.ok(await inView(), `the notes are in view at ${at * 100}% of the page (${width} px)`);
    }
    await notes.locator('summary').click();
    await notes.getByLabel(/^Notes on /).fill('Clear question; ask about compute.');
    assert.ok(await notes.getByRole('button', { name: 'Save note', exact: true }).isVisible());
    await page.screenshot({ path: join(out, `review-notes-${width}.png`) });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('each plan can be downloaded on its own from "Your plans"', async () => {
  const { context, page } = await open(world.pa, '/s/7/plan');
  const career = page.locator('section.plan').filter({ has: page.locator('h2', { hasText: 'Make your career awesome' }) });
  const links = career.locator('p.downloads a');
  assert.deepEqual(await links.evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ['docx', 'md', 'html'].map((f) => `/s/7/export.${f}?e=make-your-career-awesome`));
  const [dl] = await Promise.all([page.waitForEvent('download'),
    career.getByRole('link', { name: 'Markdown (.md) of “Make your career awesome”' }).click()]);
  assert.equal(dl.suggestedFilename(), 'session-7-make-your-career-awesome.md');
  const path = join(out, 'career.md');
  await dl.saveAs(path);
  const md = readFileSync(path, 'utf8');
  assert.ok(md.includes('Pair on an ARENA notebook'), 'the career plan is in it');
  assert.ok(!md.includes('Replicate the probe'), 'the project plan is not');
  const project = page.locator('section.plan').filter({ has: page.locator('h2', { hasText: 'Make your project awesome' }) });
  assert.equal(await project.getByRole('link', { name: /^its milestones \(\.ics\)/ }).count(), 1);
  await context.close();
});
