// The accountability loop (issue 12), in a real browser: a facilitator
// (an admin from the CLI) makes a cohort and a participant joins it; the
// facilitator comments on the participant's project plan, and the
// participant resolves the thread (with JavaScript: no reload) and
// reopens it (without: a plain form), watching the open count on the
// plan page, "Your plans" and the dashboard change.  The participant
// records cheap tests and sees the ranking note and the chart change,
// then says its confidence in fit before them on the tracker and after
// them in a check-in (a plain form), and sees the ranking by confidence,
// the tests that changed it and its chart change;
// sets the time zone Europe/Berlin and makes a calendar address, whose
// feed ical.js parses: the milestones at 09:00 Berlin time on both sides
// of the change to summer time (2027-03-28), that is 08:00 and 07:00 UTC;
// once revoked, the address answers 410.  Every page added or changed
// passes axe-core and the Nu HTML checker.  The facilitator sets the
// final review's date (in the participant's feed at 20:00 Berlin time),
// sees the participant at risk on the dashboard and nudges them with a
// plain form (JavaScript off); the participant is told.
// Run from this directory: `node loop.mjs` (`make browser` runs it).
//
// Screenshots go to artifacts/loop/; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import {
  useApp, base, dbUrl, artifacts, expect404, newUser, textMatches, newPage, signup,
  settled, promptAbout, axeCheck, vnuCheck, cookieHeader, alignplan, browser, sql,
} from './harness.mjs';

useApp();

const PROJECT = 'Make your project awesome';
const EX = 'make-your-project-awesome';
const out = join(artifacts, 'loop');
const COMMENT = 'Is three weeks enough for the replication? Ünïcode, “quotes” & <b>tags</b>.';
// Around the change to summer time in Berlin, 2027-03-28 02:00.
const SPRINT = ['2027-03-15', '4', '6'];
const MILESTONES = [
  ['Replicate the probe; check it, twice', '2027-03-27', '6'],
  ['Write up the findings', '2027-03-29', '8'],
];

const fac = {}, pa = {};
const state = {};
const served = new Map();
const axeFound = [];

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

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const shotPage = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: true });

async function clickTo(page, locator, url) {
  await Promise.all([page.waitForURL(url), locator.click()]);
}

// The page at url as `who` sees it: its HTML as served (for the Nu
// checker) and axe-core on it in a twin context that may inject scripts.
async function checkPage(who, name, url = who.page.url()) {
  const r = await fetch(url, { headers: { cookie: await cookieHeader(who.context) } });
  assert.equal(r.status, 200, `GET ${url} for ${name}`);
  served.set(name, await r.text());
  if (!who.twin) who.twin = await newPage({ bypassCSP: true, storageState: await who.context.storageState() });
  await who.twin.page.goto(url);
  await axeCheck(who.twin.page, `loop/axe-${name}`, axeFound);
}

async function login(who) {
  const { page } = who;
  await page.goto(`${base}/login`);
  await page.fill('#email', who.user.email);
  await page.fill('#password', who.user.password);
  await clickTo(page, page.getByRole('button', { name: 'Log in' }), `${base}/s/7`);
}

// The open-thread count the plan page shows.
const openCount = (page) => page.locator('#thread-count [data-open-count]');

step('a cohort: the facilitator makes it, the participant joins and fills the project plan', async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  fac.user = newUser('Facilitator');
  const made = await alignplan(['user', 'add', '--db', dbUrl, '--admin', fac.user.email, fac.user.name],
    { input: `${fac.user.password}\n` });
  assert.equal(made.code, 0, made.stderr);
  Object.assign(fac, await newPage());
  await login(fac);
  await fac.page.goto(`${base}/cohorts`);
  await fac.page.getByLabel('Name').fill('Loop cohort');
  await fac.page.getByLabel('Session').selectOption('7');
  await clickTo(fac.page, fac.page.getByRole('button', { name: 'Create cohort' }), /\/c\/\d+$/);
  state.cohortUrl = fac.page.url();
  state.cohort = state.cohortUrl.match(/\/c\/(\d+)$/)[1];
  await fac.page.getByLabel('Joins as').selectOption('participant');
  await clickTo(fac.page, fac.page.getByRole('button', { name: 'Make an invite link' }), /\/invites$/);
  state.invite = await fac.page.locator('#invite-link').getAttribute('href');

  Object.assign(pa, await newPage());
  pa.user = newUser('Ana');
  await signup(pa.page, pa.user);
  await pa.page.goto(`${base}${state.invite}`);
  await clickTo(pa.page, pa.page.getByRole('button', { name: /^Join / }), state.cohortUrl);

  const { page } = pa;
  await page.goto(`${base}/s/7/e/${EX}`);
  await promptAbout(page, 'What will you deliver').locator('textarea').fill('A replication of a linear probe');
  const sprint = promptAbout(page, 'When does your sprint start');
  await sprint.getByLabel('Start, row 1').fill(SPRINT[0]);
  await sprint.getByLabel('Weeks, row 1').fill(SPRINT[1]);
  await sprint.getByLabel('Hours a week, row 1').fill(SPRINT[2]);
  const ms = promptAbout(page, 'Milestones');
  for (const [i, [what, when, hours]] of MILESTONES.entries()) {
    const row = i + 1;
    if (!await ms.getByLabel(`Milestone, row ${row}`).count()) await ms.getByRole('button', { name: 'Add row' }).click();
    await ms.getByLabel(`Milestone, row ${row}`).fill(what);
    await ms.getByLabel(`By when, row ${row}`).fill(when);
    await ms.getByLabel(`Hours, row ${row}`).fill(hours);
  }
  await settled(page);
  await page.goto(`${base}/s/7/plan`);
  const href = await page.locator(`#share-${EX} a`, { hasText: 'Comments on this plan' }).getAttribute('href');
  state.planPath = href.replace(/#.*/, '');
  assert.match(state.planPath, /^\/p\/\d+\/7\//);
  assert.deepEqual([...fac.errors, ...pa.errors], []);
});

step('the facilitator comments; the participant resolves the thread with JavaScript and the count drops', async () => {
  const { page } = fac;
  await page.goto(`${base}${state.planPath}`);
  const section = page.locator('section.plan-section', { has: page.locator('h2', { hasText: 'Deliverable' }) });
  await section.locator('summary', { hasText: 'Comment on this section' }).click();
  await section.getByLabel('Add a comment on this section').fill(COMMENT);
  await clickTo(page, section.getByRole('button', { name: 'Add comment' }), /#c-\d+$/);
  assert.equal(await openCount(page).textContent(), '1');
  // The facilitator neither owns the plan nor started... they did start
  // it: the thread's author may resolve it too.
  assert.equal(await page.getByRole('button', { name: 'Resolve thread' }).count(), 1);

  const p = pa.page;
  await p.goto(`${base}${state.planPath}`);
  assert.equal(await openCount(p).textContent(), '1');
  const thread = p.locator('li.thread').first();
  assert.equal(await thread.locator('details.thread-box').getAttribute('open'), '');
  await shotPage(p, 'plan-thread-open');
  await checkPage(pa, 'plan-thread-open');
  const url = p.url();
  await thread.getByRole('button', { name: 'Resolve thread' }).click();
  await textMatches(openCount(p), /^0$/, 'the open count after resolving');
  assert.equal(p.url(), url, 'resolved without leaving the page');
  await textMatches(thread.locator('.thread-state'), /^Resolved/, 'the thread state');
  assert.equal(await thread.locator('details.thread-box').getAttribute('open'), null, 'a resolved thread is folded');
  assert.equal(await thread.getByRole('button', { name: 'Reopen thread' }).count(), 1);
  await shotPage(p, 'plan-thread-resolved-js');
  // On reload, the server says the same.
  await p.reload();
  assert.equal(await openCount(p).textContent(), '0');
  assert.match(await p.locator('li.thread .thread-state').textContent(), new RegExp(`^Resolved by ${pa.user.name}`));
  await checkPage(pa, 'plan-thread-resolved');
  await p.goto(`${base}/s/7/plan`);
  assert.match(squash(await p.locator(`#share-${EX}`).innerText()), /0 open threads/);
  assert.deepEqual([...fac.errors, ...pa.errors], []);
});

step('without JavaScript the participant reopens it: the plan, Your plans and the dashboard count it again', async () => {
  const noJs = await newPage({ javaScriptEnabled: false, storageState: await pa.context.storageState() });
  const { page } = noJs;
  await page.goto(`${base}${state.planPath}`);
  assert.equal(await openCount(page).textContent(), '0');
  // Folded: the reopen button is outside the fold, the comment inside.
  await clickTo(page, page.getByRole('button', { name: 'Reopen thread' }), /#c-\d+$/);
  assert.equal(await openCount(page).textContent(), '1');
  assert.match(await page.locator('li.thread .thread-state').textContent(), /^Open thread/);
  assert.ok((await page.locator('li.thread').innerText()).includes('Is three weeks enough'));
  await shotPage(page, 'plan-thread-reopened-nojs');
  await page.goto(`${base}/s/7/plan`);
  assert.match(squash(await page.locator(`#share-${EX}`).innerText()), /0 unread, 1 open thread$/);
  await checkPage(pa, 'your-plans');
  await noJs.context.close();

  await fac.page.goto(`${base}/c/${state.cohort}/dashboard`);
  const row = fac.page.locator('table.dashboard tbody tr', { hasText: pa.user.name });
  assert.match(squash(await row.innerText()), /1 open thread/);
  await shotPage(fac.page, 'dashboard');
  await checkPage(fac, 'dashboard');
  assert.deepEqual([...fac.errors, ...pa.errors, ...noJs.errors], []);
});

step('cheap tests: recording results changes the ranking note and the chart', async () => {
  const { page } = pa;
  await page.goto(`${base}/s/7/tests`);
  assert.match(await page.locator('#ranking-note').innerText(), /No cheap tests recorded yet/);
  assert.equal(await page.locator('#ranking-note svg').count(), 0);
  const add = page.locator('form#add');
  await add.getByLabel('Idea or role tested').fill('Research engineer');
  await add.getByLabel('The test').fill('Reproduce a small interpretability paper in a weekend');
  await add.getByLabel('Status and result').selectOption('planned');
  await add.getByLabel('Date (planned or run)').fill('2027-03-27');
  await clickTo(page, add.getByRole('button', { name: 'Add the test' }), /\/s\/7\/tests#survived$/);
  assert.match(squash(await page.locator('#ranking-note').innerText()), /Not tested yet, or no clear answer: Research engineer \(1 planned\)/);
  const before = await page.locator('#ranking-note svg').innerHTML();
  assert.match(before, /… 1/);

  await page.locator('form#add').getByLabel('Idea or role tested').fill('Policy researcher');
  await page.locator('form#add').getByLabel('The test').fill('Write a two-page policy memo and ask for feedback');
  await page.locator('form#add').getByLabel('Status and result').selectOption('refuted');
  await clickTo(page, page.locator('form#add').getByRole('button', { name: 'Add the test' }), /#survived$/);

  // The engineer's test ran: supported.
  const mine = page.locator('form.ctest', { has: page.locator('input[name=idea][value="Research engineer"]') });
  await mine.getByLabel('Status and result').selectOption('supported');
  await mine.getByLabel(/^Result:/).fill('Took 14 hours, and I enjoyed the debugging most.');
  await clickTo(page, mine.getByRole('button', { name: 'Save result' }), /#survived$/);
  const note = squash(await page.locator('#ranking-note').innerText());
  assert.match(note, /Still standing: Research engineer \(1 supported\)/);
  assert.match(note, /Did not survive: Policy researcher \(1 refuted\)/);
  const after = await page.locator('#ranking-note svg').innerHTML();
  assert.notEqual(after, before, 'the chart changed');
  assert.match(after, /✓ 1/);
  assert.match(after, /✗ 1/);
  assert.match(await page.locator('#ranking-note svg').getAttribute('aria-label'), /Research engineer: 1 supported; Policy researcher: 1 refuted/);
  await shotPage(page, 'cheap-tests');
  await page.locator('#ranking-note').screenshot({ path: join(out, 'ranking-note.png') });
  await checkPage(pa, 'cheap-tests');
  assert.deepEqual(pa.errors, []);
});

step('a check-in without JavaScript records results with confidence after: the ranking by confidence and its chart change', async () => {
  const { page } = pa;
  const testForm = (idea) => page.locator('form.ctest', { has: page.locator(`input[name=idea][value="${idea}"]`) });
  await page.goto(`${base}/s/7/tests`);
  // Confidence before each test, on the tracker: the policy path leads.
  let f = testForm('Policy researcher');
  await f.getByLabel('The uncertainty it tests').fill('Can I write for busy readers?');
  await f.getByLabel(/^Confidence in fit before/).fill('70');
  await clickTo(page, f.getByRole('button', { name: 'Save result' }), /#survived$/);
  f = testForm('Research engineer');
  await f.getByLabel('Hours planned').fill('12');
  await f.getByLabel(/^Confidence in fit before/).fill('40');
  // A bad number is refused with what was typed kept.
  expect404.add('/s/7/tests');
  await f.getByLabel(/^Confidence in fit after/).fill('lots');
  await clickTo(page, f.getByRole('button', { name: 'Save result' }), `${base}/s/7/tests`);
  assert.match(await page.locator('form.ctest .error').innerText(), /Confidence after: write a whole number from 0 to 100/);
  expect404.delete('/s/7/tests');
  f = testForm('Research engineer');
  assert.equal(await f.getByLabel(/^Confidence in fit after/).inputValue(), 'lots');
  await f.getByLabel(/^Confidence in fit after/).fill('');
  await clickTo(page, f.getByRole('button', { name: 'Save result' }), /#survived$/);
  const ranking = page.locator('#conf-ranking');
  assert.match(squash(await ranking.innerText()), /before the tests: 1\. Policy researcher \(70 %\), 2\. Research engineer \(40 %\); after them: 1\. Policy researcher \(70 %\), 2\. Research engineer \(40 %\)\. Your tests have not changed the order\./);
  const chart = page.locator('#ranking-note svg.ctests-conf');
  const before = await chart.innerHTML();

  // The check-in, as a plain form.
  const noJs = await newPage({ javaScriptEnabled: false, storageState: await pa.context.storageState() });
  const p = noJs.page;
  await p.goto(`${base}/s/7/checkins`);
  const eng = p.locator('fieldset.ctest', { hasText: 'Research engineer' });
  assert.equal(await eng.getByLabel('Ran: supported').isChecked(), true, 'the status as it stands');
  await eng.getByLabel('Hours spent').fill('14');
  await eng.getByLabel(/^Confidence in fit after/).fill('85');
  await eng.getByLabel(/^Result:/).fill('Took 14 hours; the debugging was the best part.');
  const pol = p.locator('fieldset.ctest', { hasText: 'Policy researcher' });
  await pol.getByLabel(/^Confidence in fit after/).fill('20');
  await shotPage(p, 'checkin-cheap-tests');
  await clickTo(p, p.getByRole('button', { name: 'Save check-in' }), /\/s\/7\/checkins/);
  await checkPage(pa, 'checkins', `${base}/s/7/checkins`);
  await noJs.context.close();

  await page.goto(`${base}/s/7/tests`);
  const text = squash(await ranking.innerText());
  assert.match(text, /after them: 1\. Research engineer \(85 %\), 2\. Policy researcher \(20 %\)/);
  assert.match(text, /The tests that changed the order: Reproduce a small interpretability paper in a weekend \(Research engineer: 40 % → 85 %\); Write a two-page policy memo and ask for feedback \(Policy researcher: 70 % → 20 %\)/);
  const after = await chart.innerHTML();
  assert.notEqual(after, before, 'the confidence chart changed');
  assert.match(await chart.getAttribute('aria-label'), /Research engineer: 40 % → 85 %, place 2 → 1; Policy researcher: 70 % → 20 %, place 1 → 2/);
  const log = testForm('Research engineer').locator('xpath=following-sibling::details[1]');
  assert.match(await log.locator('summary').innerText(), /the latest \d{4}-\d\d-\d\d from a check-in/);
  await log.locator('summary').click();
  assert.match(squash(await log.locator('li').first().innerText()), /check-in: Ran: supported; 14 h spent; confidence after 85 %\. “Took 14 hours; the debugging was the best part\.”/);
  assert.equal(await testForm('Research engineer').getByLabel('Hours spent').inputValue(), '14');
  await shotPage(page, 'cheap-tests-confidence');
  await page.locator('#ranking-note').screenshot({ path: join(out, 'ranking-note-confidence.png') });
  await checkPage(pa, 'cheap-tests-confidence');
  assert.deepEqual([...pa.errors, ...noJs.errors], []);
});

// The feed as a calendar app gets it: no cookies.
async function feedStatus(path) {
  const r = await fetch(`${base}${path}`);
  return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
}

step('the calendar feed: Europe/Berlin, 09:00 on both sides of the change to summer time, per ical.js', async () => {
  const { page } = pa;
  await page.goto(`${base}/account`);
  // No zone saved: the browser's is offered (this one says UTC or its own).
  assert.ok((await page.getByLabel(/^Time zone/).inputValue()).length > 0);
  expect404.add('/account/timezone');   // the 422 below is expected
  await page.getByLabel(/^Time zone/).fill('Europe/Nowhere');
  await clickTo(page, page.getByRole('button', { name: 'Save time zone' }), `${base}/account/timezone`);
  assert.match(await page.locator('#tz-err').innerText(), /There is no time zone of that name/);
  expect404.delete('/account/timezone');
  await page.getByLabel(/^Time zone/).fill('Europe/Berlin');
  await clickTo(page, page.getByRole('button', { name: 'Save time zone' }), /\/account\?done=timezone/);
  await clickTo(page, page.getByRole('button', { name: 'Make a calendar address' }), /\/account\?done=calendar/);
  const link = await page.locator('#feed-link').inputValue();
  assert.match(link, new RegExp(`^${base}/feed/[0-9a-f]{64}/alignplan\\.ics$`));
  assert.match(await page.locator('a[data-webcal]').getAttribute('href'), /^webcal:\/\/127\.0\.0\.1:\d+\/feed\//);
  await shotPage(page, 'account-calendar');
  await checkPage(pa, 'account');
  state.feed = new URL(link).pathname;

  const feed = await feedStatus(state.feed);
  assert.equal(feed.status, 200);
  assert.equal(feed.type, 'text/calendar; charset=utf-8');
  for (const line of feed.text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, `a line over 75 octets: ${line}`);
  const cal = new ICAL.Component(ICAL.parse(feed.text));
  const vtz = cal.getFirstSubcomponent('vtimezone');
  assert.ok(vtz, 'a VTIMEZONE');
  assert.equal(vtz.getFirstPropertyValue('tzid'), 'Europe/Berlin');
  const zone = new ICAL.Timezone(vtz);
  const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  const utc = {};
  for (const e of events) {
    e.startDate.zone = zone;
    utc[e.summary] = e.startDate.toJSDate().toISOString();
    assert.equal(e.startDate.hour, 9, `${e.summary} at 09:00 local`);
    assert.equal(e.duration.toString(), 'PT30M');
  }
  assert.equal(utc[MILESTONES[0][0]], '2027-03-27T08:00:00.000Z', 'before the change: UTC+1');
  assert.equal(utc[MILESTONES[1][0]], '2027-03-29T07:00:00.000Z', 'after the change: UTC+2');
  // The planned cheap test is gone (it ran); milestones only.
  assert.equal(events.length, 2);
  assert.equal(new Set(events.map((e) => e.uid)).size, 2);

  // Revoked: the address stops working at once.
  await clickTo(page, page.getByRole('button', { name: 'Revoke the address' }), /\/account\?done=revoked/);
  expect404.add(state.feed);
  const gone = await feedStatus(state.feed);
  assert.equal(gone.status, 410);
  assert.match(gone.text, /This calendar address was revoked/);
  assert.equal(await page.locator('#feed-link').count(), 0);
  assert.deepEqual(pa.errors, []);
});

step('cohort dates and the at-risk view: a review date in the feed, a participant at risk, nudged without JavaScript', async () => {
  const { page } = fac;
  // The facilitator (no zone set: UTC) sets the final review.
  await page.goto(`${base}/c/${state.cohort}`);
  await page.getByLabel('What', { exact: true }).selectOption('review');
  await page.getByLabel('Day', { exact: true }).fill('2027-04-02');
  await page.getByLabel(/^Time/).fill('18:00');
  await page.getByLabel('Minutes', { exact: true }).fill('90');
  await page.getByLabel('Title (optional)').fill('Demo day <3');
  await clickTo(page, page.getByRole('button', { name: 'Add the date' }), `${base}/c/${state.cohort}#dates`);
  const row = page.locator('table.dates tbody tr', { hasText: 'Demo day <3' });
  assert.match(squash(await row.innerText()), /^2027-04-02 18:00 UTC Final review session: Demo day <3 90/);
  await shotPage(page, 'cohort-dates');
  await checkPage(fac, 'cohort-dates');

  // In the participant's feed (Europe/Berlin, summer time by then):
  // 20:00 there, 18:00 UTC, per ical.js.
  await pa.page.goto(`${base}/account`);
  await clickTo(pa.page, pa.page.getByRole('button', { name: 'Make a calendar address' }), /\/account\?done=calendar/);
  const feed = await feedStatus(new URL(await pa.page.locator('#feed-link').inputValue()).pathname);
  assert.equal(feed.status, 200);
  const cal = new ICAL.Component(ICAL.parse(feed.text));
  const zone = new ICAL.Timezone(cal.getFirstSubcomponent('vtimezone'));
  const review = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    .find((e) => e.summary === 'Final review session: Demo day <3');
  assert.ok(review, 'the review is in the feed');
  review.startDate.zone = zone;
  assert.equal(review.startDate.hour, 20);
  assert.equal(review.startDate.toJSDate().toISOString(), '2027-04-02T18:00:00.000Z');
  assert.equal(review.duration.toSeconds(), 90 * 60);

  // The participant joined three weeks ago and never checked in.
  await sql(`UPDATE members SET joined = joined - 21 * 86400 WHERE cohort_id = ${state.cohort}`);
  await page.goto(`${base}/c/${state.cohort}/dashboard`);
  const risk = page.locator('#at-risk tbody tr', { hasText: pa.user.name });
  assert.match(squash(await risk.innerText()), /no check-in since joining 21 days ago never Nudge$/);
  await shotPage(page, 'at-risk');
  await checkPage(fac, 'at-risk');

  // The nudge is a plain form: it works without JavaScript.
  const nojs = await newPage({ javaScriptEnabled: false, storageState: await fac.context.storageState() });
  await nojs.page.goto(`${base}/c/${state.cohort}/dashboard`);
  await clickTo(nojs.page, nojs.page.getByRole('button', { name: `Nudge ${pa.user.name}` }),
    `${base}/c/${state.cohort}/dashboard#at-risk`);
  const after = nojs.page.locator('#at-risk tbody tr', { hasText: pa.user.name });
  assert.match(squash(await after.innerText()), /UTC by .* Nudged today; one nudge a day$/);
  await shotPage(nojs.page, 'at-risk-nudged');
  await checkPage(fac, 'at-risk-nudged');
  assert.deepEqual(nojs.errors, []);
  await nojs.context.close();

  await pa.page.goto(`${base}/notifications`);
  await textMatches(pa.page.locator('li.notice').first(), /is checking in on you/, 'the nudge in the notifications');
  assert.deepEqual(fac.errors, []);
  assert.deepEqual(pa.errors, []);
});

step('axe-core: 0 violations, and the Nu HTML checker: 0 errors, on every page checked', async () => {
  for (const name of ['plan-thread-open', 'plan-thread-resolved', 'your-plans', 'dashboard', 'cheap-tests', 'checkins',
    'cheap-tests-confidence', 'account', 'cohort-dates', 'at-risk', 'at-risk-nudged']) {
    assert.ok(served.has(name), `the page "${name}" was checked`);
  }
  await vnuCheck(served, 'loop/html');
  assert.equal(axeFound.length, 0, `axe:\n  ${axeFound.join('\n  ')}`);
  for (const who of [fac, pa]) {
    if (who.twin) assert.deepEqual(who.twin.errors, []);
    await who.twin?.context.close();
    await who.context.close();
  }
});
