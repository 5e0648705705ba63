// The acceptance test of cohorts (issue 4), three people at once, each in
// a browser context of their own: a facilitator (an admin made with
// `alignplan user add --admin`) creates a cohort for session 7 and an
// invite link; two participants sign up and join through it; A fills a
// little of the project plan and shares it with the cohort; B comments on
// it and asks to be A's accountability partner, which shows B nothing
// until A accepts on the check-ins page; A sees the unread comment and
// checks in on a milestone; B's partner view and the dashboard show the
// check-in; the facilitator runs the final review through both presenters
// (timer on a test clock) and downloads the CSV, which LibreOffice reads.
// Then a revoked read-only link and a revoked invite stop working at once,
// and every cohort page passes axe-core and the Nu HTML checker.
// Run from this directory: `node cohort.mjs` (`make browser` runs it).
//
// Screenshots, the CSV and its PDF go to artifacts/cohort/; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  useApp, base, dbUrl, artifacts, expect404, newUser, eventually, textMatches, newPage, signup,
  settled, installClock, promptAbout, axeCheck, vnuCheck, cookieHeader, alignplan,
} from './harness.mjs';

useApp();

const PROJECT = 'Make your project awesome';
const EX = 'make-your-project-awesome';
const out = join(artifacts, 'cohort');
const DAY = 86400000;
const iso = (t) => new Date(t).toISOString().slice(0, 10);
const today = Date.now();

// The cohort's name and what A writes; non-ASCII on purpose, for the CSV.
const COHORT = 'Spring sprint — Zürich cohort';
const A = {
  deliverable: 'Une réponse nette: do linear probes find the “deception” feature? Ωmega-sized naïve baseline first',
  // Started ten days ago, four weeks of four hours: running, and a week
  // without a check-in makes A "behind" on the dashboard until A checks in.
  sprint: [iso(today - 10 * DAY), '4', '4'],
  milestones: [
    ['Replicate the probe on GPT-2 small', iso(today + 4 * DAY), '6'],
    ['Write the four-page report', iso(today + 15 * DAY), '8'],
  ],
  support: 'A weekly message from an accountability partner, and one pair-debugging hour.',
  checkinNote: 'Probe trains; accuracy 71 % on the held-out set — on track.',
};
const COMMENT = 'Which layer will you probe first? Début with layer 6, maybe.';
const REVIEW_NOTE = 'A: clear question; ask about compute. Ünïcode note.';

// The three people: { user, context, page, errors, twin } each.
const fac = {}, pa = {}, pb = {};
const state = {};          // cohort id, invite links, read-only link
const served = new Map();  // name -> HTML as served, for the Nu checker
const axeFound = [];

// ---------------------------------------------------------------- helpers

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

function run(cmd, args, timeout = 180000) {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { timeout, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stdout}${stderr}`));
      ok(stdout);
    });
  });
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();

async function shotPage(page, name) {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}

// A person's browser: the main context, and a twin with the same login
// that bypasses CSP so axe-core can be injected (the main one keeps it).
async function person(who, clock) {
  Object.assign(who, await newPage());
  if (clock) await installClock(who.page);
}
async function twinOf(who) {
  if (!who.twin) {
    who.twin = await newPage({ bypassCSP: true, storageState: await who.context.storageState() });
  }
  return who.twin;
}

// The page at url as `who` sees it right now: its HTML as served (for the
// Nu checker, later) and axe-core on it, with a screenshot.
async function checkPage(who, name, url = who.page.url()) {
  const r = await fetch(url, { headers: { cookie: await cookieHeader(who.context) } });
  assert.equal(r.status, 200, `GET ${url} for ${name}`);
  served.set(name, await r.text());
  const { page } = await twinOf(who);
  await page.goto(url);
  await axeCheck(page, `cohort/axe-${name}`, axeFound);
}

async function login(who) {
  const { page } = who;
  await page.goto(`${base}/login`);
  await page.fill('#email', who.user.email);
  await page.fill('#password', who.user.password);
  await Promise.all([page.waitForURL(`${base}/s/7`), page.getByRole('button', { name: 'Log in' }).click()]);
}

async function clickTo(page, locator, url) {
  await Promise.all([page.waitForURL(url), locator.click()]);
}

// A fresh browser context, nobody logged in: the status of GET path.
async function freshStatus(path) {
  expect404.add(path);
  const { context, page } = await newPage();
  try {
    const r = await page.goto(`${base}${path}`);
    return { status: r.status(), text: squash(await page.locator('main').innerText()) };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------- the cohort

step('the facilitator (an admin from the CLI) creates a cohort for session 7 and an invite link', async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  fac.user = newUser('Facilitator');
  const made = await alignplan(['user', 'add', '--db', dbUrl, '--admin', fac.user.email, fac.user.name],
    { input: `${fac.user.password}\n` });
  assert.equal(made.code, 0, made.stderr);
  const listed = await alignplan(['user', 'list', '--db', dbUrl]);
  assert.match(listed.stdout, new RegExp(`\\t${fac.user.email}\\t.*\\tadmin\\n`));

  await person(fac, true);
  const { page } = fac;
  await login(fac);
  await page.getByRole('link', { name: 'Cohorts' }).click();
  await page.waitForURL(`${base}/cohorts`);
  assert.equal(await page.locator('h1').textContent(), 'Your cohorts');
  await checkPage(fac, 'cohorts-empty');
  await page.getByLabel('Name').fill(COHORT);
  await page.getByLabel('Session').selectOption('7');
  await clickTo(page, page.getByRole('button', { name: 'Create cohort' }), /\/c\/\d+$/);
  state.cohort = page.url().match(/\/c\/(\d+)$/)[1];
  state.cohortUrl = page.url();
  assert.equal(await page.locator('h1').textContent(), COHORT);
  assert.match(squash(await page.locator('main').innerText()), /Members \(1\) .*facilitator/);

  await page.getByLabel('Joins as').selectOption('participant');
  const [made1] = await Promise.all([page.waitForResponse(`${base}/c/${state.cohort}/invites`),
    page.getByRole('button', { name: 'Make an invite link' }).click()]);
  assert.equal(made1.status(), 201);
  // The page answers a POST: the Nu checker gets it as served.
  served.set('invite-link', await made1.text());
  await page.waitForURL(`${base}/c/${state.cohort}/invites`);
  assert.equal(await page.locator('h1').textContent(), 'Invite link');
  state.invite = await page.locator('#invite-link').getAttribute('href');
  assert.match(state.invite, /^\/join\/[0-9a-f]{64}$/);
  // Shown as the whole address, to copy as it is.
  assert.equal(await page.locator('#invite-link').textContent(), `${base}${state.invite}`);
  await shotPage(page, 'invite-link');
  // axe on an invite page of its own (one more invite, revoked later).
  const twin = (await twinOf(fac)).page;
  await twin.goto(state.cohortUrl);
  await twin.getByRole('button', { name: 'Make an invite link' }).click();
  await twin.waitForURL(/\/invites$/);
  await axeCheck(twin, 'cohort/axe-invite-link', axeFound);

  await page.goto(state.cohortUrl);
  const rows = page.locator('table.invites tbody tr');
  assert.equal(await rows.count(), 2);
  for (const t of await rows.allInnerTexts()) assert.match(squash(t), /participant .* active/);
  await checkPage(fac, 'cohort-facilitator');
  await page.goto(`${base}/cohorts`);
  assert.match(squash(await page.locator('ul.cohorts').first().innerText()), new RegExp(`${COHORT} · session 7: .* · facilitator`));
  await checkPage(fac, 'cohorts-list');
  assert.deepEqual(fac.errors, []);
});

step('two participants sign up and join through the link', async () => {
  for (const [who, label] of [[pa, 'Ana'], [pb, 'Björn']]) {
    await person(who);
    who.user = newUser(label);
    if (who === pa) {
      await signup(who.page, who.user);
      await who.page.goto(`${base}${state.invite}`);
    } else {
      // Björn opens the link before he has an account: signing up from
      // it brings him back to it.
      await who.page.goto(`${base}${state.invite}`);
      assert.equal(await who.page.locator('h1').textContent(), 'Join a cohort');
      await clickTo(who.page, who.page.locator('main').getByRole('link', { name: 'sign up' }),
        `${base}/signup?next=${state.invite}`);
      await who.page.fill('#name', who.user.name);
      await who.page.fill('#email', who.user.email);
      await who.page.fill('#password', who.user.password);
      await clickTo(who.page, who.page.getByRole('button', { name: 'Sign up' }), `${base}${state.invite}`);
    }
    assert.equal(await who.page.locator('h1').textContent(), `Join “${COHORT}”`);
    if (who === pa) {
      await shotPage(who.page, 'join');
      await checkPage(who, 'join');
    }
    await clickTo(who.page, who.page.getByRole('button', { name: `Join ${COHORT}` }), state.cohortUrl);
    assert.equal(await who.page.locator('h1').textContent(), COHORT);
  }
  // The link again: already in.
  await pa.page.goto(`${base}${state.invite}`);
  assert.match(await pa.page.locator('main').innerText(), /You are already in this cohort/);
  await pb.page.goto(state.cohortUrl);
  const members = squash(await pb.page.locator('ul.members').innerText());
  assert.match(members, new RegExp(`${fac.user.name} facilitator`));
  assert.match(members, new RegExp(`${pa.user.name} participant Shared plans: none yet`));
  assert.match(members, new RegExp(`${pb.user.name} participant`));
  assert.deepEqual([...pa.errors, ...pb.errors], []);
});

step('A fills deliverable, sprint, two milestones and support, shares the plan with the cohort and makes a read-only link', async () => {
  const { page } = pa;
  await page.goto(`${base}/s/7`);
  await clickTo(page, page.getByRole('link', { name: PROJECT }), `${base}/s/7/e/${EX}`);
  await promptAbout(page, 'What will you deliver').locator('textarea').fill(A.deliverable);
  const sprint = promptAbout(page, 'When does your sprint start');
  await sprint.getByLabel('Start, row 1').fill(A.sprint[0]);
  await sprint.getByLabel('Weeks, row 1').fill(A.sprint[1]);
  await sprint.getByLabel('Hours a week, row 1').fill(A.sprint[2]);
  const ms = promptAbout(page, 'Milestones');
  for (const [i, [what, when, hours]] of A.milestones.entries()) {
    const row = i + 1;
    if (!await ms.getByLabel(`Milestone, row ${row}`).count()) await ms.getByRole('button', { name: 'Add row' }).click();
    await ms.getByLabel(`Milestone, row ${row}`).fill(what);
    await ms.getByLabel(`By when, row ${row}`).fill(when);
    await ms.getByLabel(`Hours, row ${row}`).fill(hours);
  }
  await promptAbout(page, 'support you').locator('textarea').fill(A.support);
  await settled(page);
  await page.reload();
  assert.equal(await promptAbout(page, 'What will you deliver').locator('textarea').inputValue(), A.deliverable);
  assert.equal(await ms.getByLabel('By when, row 2').inputValue(), A.milestones[1][1]);

  // Before sharing, B does not see the plan at all.
  const planPath = `/p/${await userId(pa)}/7/${EX}`;
  state.planPath = planPath;
  expect404.add(planPath);
  const hidden = await pb.page.goto(`${base}${planPath}`);
  assert.equal(hidden.status(), 404);
  expect404.delete(planPath);
  pb.errors.length = 0;

  await page.goto(`${base}/s/7/plan`);
  const share = page.locator(`#share-${EX}`);
  assert.equal(await share.getByLabel('Only me (and my cohort\'s facilitators)').isChecked(), true);
  await share.getByLabel('My cohort', { exact: true }).check();
  await clickTo(page, share.getByRole('button', { name: 'Save sharing' }), `${base}/s/7/plan#share-${EX}`);
  assert.equal(await share.getByLabel('My cohort', { exact: true }).isChecked(), true);
  assert.match(squash(await share.innerText()), /Comments on this plan: 0 unread/);

  await share.getByRole('button', { name: 'Make a read-only link' }).click();
  await page.waitForURL(`${base}/s/7/e/${EX}/share`);
  // The server writes the path; the page's script makes it the whole
  // address, ready to copy.
  const whole = await page.getByLabel('The link', { exact: true }).inputValue();
  assert.ok(whole.startsWith(`${base}/l/`), `a whole address to copy: ${whole}`);
  state.link = whole.slice(base.length);
  assert.match(state.link, /^\/l\/[0-9a-f]{64}$/);
  await shotPage(page, 'read-only-link');
  const fresh = await freshStatus(state.link);
  assert.equal(fresh.status, 200);
  assert.ok(fresh.text.includes(A.deliverable), 'the read-only link shows the plan');
  assert.ok(!fresh.text.includes(pa.user.name), 'the read-only link names nobody');
  await page.goto(`${base}/s/7/plan`);
  await shotPage(page, 'your-plans-shared');
  assert.deepEqual(pa.errors, []);
});

async function userId(who) {
  // The owner's own plan link on "Your plans" carries the id.
  const { page } = who;
  await page.goto(`${base}/s/7/plan`);
  const href = await page.locator(`#share-${EX} a`, { hasText: 'Comments on this plan' }).getAttribute('href');
  return href.match(/^\/p\/(\d+)\//)[1];
}

step('B opens A\'s plan from the cohort page, comments on a section, and asks to be A\'s accountability partner', async () => {
  const { page } = pb;
  await page.goto(state.cohortUrl);
  const aItem = page.locator('ul.members > li', { hasText: pa.user.name });
  assert.match(squash(await aItem.innerText()), /Shared plans: Make your project awesome/);
  assert.equal(squash(await aItem.locator('blockquote.support').innerText()), A.support);
  await clickTo(page, aItem.getByRole('link', { name: PROJECT }), `${base}${state.planPath}`);
  assert.equal(await page.locator('h1').textContent(), PROJECT);
  const deliverable = page.locator('section.plan-section', { has: page.locator('h2', { hasText: 'Deliverable' }) });
  assert.ok((await deliverable.innerText()).includes(A.deliverable));
  await deliverable.locator('summary', { hasText: 'Comment on this section' }).click();
  await deliverable.getByLabel('Add a comment on this section').fill(COMMENT);
  await deliverable.getByRole('button', { name: 'Add comment' }).click();
  await page.waitForLoadState();
  const after = page.locator('section.plan-section', { has: page.locator('h2', { hasText: 'Deliverable' }) });
  await textMatches(after.locator('.comments h3'), /^Comments \(1\)$/, 'the comment count');
  const c = after.locator('li.comment').first();
  assert.ok((await c.innerText()).includes(COMMENT));
  assert.match(squash(await c.locator('p.meta').first().innerText()), new RegExp(`^${pb.user.name} · `));
  await shotPage(page, 'shared-plan-commented');
  await checkPage(pb, 'shared-plan-peer', `${base}${state.planPath}`);

  await page.goto(state.cohortUrl);
  const item = page.locator('ul.members > li', { hasText: pa.user.name });
  await clickTo(page, item.getByRole('button', { name: `Ask to be ${pa.user.name}’s accountability partner` }), /\/c\/\d+/);
  await page.goto(state.cohortUrl);
  const asked = squash(await page.locator('ul.members > li', { hasText: pa.user.name }).innerText());
  assert.match(asked, new RegExp(`Request sent to ${pa.user.name} on \\d{4}-\\d\\d-\\d\\d: waiting for their answer\\.`));
  assert.equal(await item.getByRole('button', { name: `Withdraw the request to ${pa.user.name}` }).count(), 1);
  assert.equal(await item.getByRole('link', { name: 'Their check-ins' }).count(), 0);
  await item.scrollIntoViewIfNeeded();
  await shotPage(page, 'partner-request-sent');
  await checkPage(pb, 'cohort-request-sent', state.cohortUrl);
  // Asked is not accepted: A's check-ins stay closed to B.
  const checkinsPath = `/p/${state.planPath.split('/')[2]}/7/checkins`;
  expect404.add(checkinsPath);
  const closed = await page.goto(`${base}${checkinsPath}`);
  assert.equal(closed.status(), 404);
  assert.ok(!(await page.locator('main').innerText()).includes(A.milestones[0][0]), 'no milestones before A accepts');
  expect404.delete(checkinsPath);
  pb.errors.length = 0;
  assert.deepEqual(pb.errors, []);
});

step('A sees B\'s request on "Your plans" and the check-ins page, and accepts it; then B is A\'s partner', async () => {
  const { page } = pa;
  await page.goto(`${base}/s/7/plan`);
  const waiting = page.getByRole('link', { name: '1 request to be your accountability partner' });
  await clickTo(page, waiting, `${base}/s/7/checkins#partners`);
  assert.match(squash(await page.locator('p.notice').innerText()), /^1 request to be your accountability partner waits for your answer\.$/);
  const section = page.locator('section#partners');
  assert.equal(await section.locator('h2').textContent(), 'Accountability partners');
  const ask = section.locator('li', { hasText: pb.user.name });
  assert.match(squash(await ask.innerText()), new RegExp(`^${pb.user.name} asks to be your accountability partner in ${COHORT} \\(since \\d{4}-\\d\\d-\\d\\d\\): once you accept, they see your milestones and check-ins, nothing else of your plans\\.`));
  await section.scrollIntoViewIfNeeded();
  await shotPage(page, 'partner-request-incoming');
  await checkPage(pa, 'checkins-request');
  await clickTo(page, ask.getByRole('button', { name: `Accept ${pb.user.name} as your partner` }), `${base}/s/7/checkins#partners`);
  assert.equal(await page.locator('p.notice').count(), 0, 'nothing waits any more');
  const now = squash(await section.innerText());
  assert.match(now, new RegExp(`Your partners ${pb.user.name} is your accountability partner in ${COHORT}\\. Their check-ins`));
  assert.equal(await section.getByRole('button', { name: `End the partnership with ${pb.user.name}` }).count(), 1);
  await section.scrollIntoViewIfNeeded();
  await shotPage(page, 'partner-accepted');

  await pb.page.goto(state.cohortUrl);
  const item = pb.page.locator('ul.members > li', { hasText: pa.user.name });
  assert.match(squash(await item.innerText()), new RegExp(`You are ${pa.user.name}’s accountability partner\\. Their check-ins`));
  assert.equal(await item.getByRole('button', { name: `Stop backing ${pa.user.name}` }).count(), 1);
  await shotPage(pb.page, 'cohort-participant');
  await checkPage(pb, 'cohort-participant', state.cohortUrl);
  assert.deepEqual([...pa.errors, ...pb.errors], []);
});

step('A sees one unread comment, reads it, and then none are unread', async () => {
  const { page } = pa;
  await page.goto(`${base}/s/7/plan`);
  const share = page.locator(`#share-${EX}`);
  assert.match(squash(await share.innerText()), /Comments on this plan: 1 unread/);
  await clickTo(page, share.getByRole('link', { name: 'Comments on this plan' }), /\/p\/\d+\/7\//);
  assert.equal(await page.locator('h1').textContent(), `Your plan: ${PROJECT}`);
  assert.match(await page.locator('#comments').innerText(), /1 new since you last looked/);
  const deliverable = page.locator('section.plan-section', { has: page.locator('h2', { hasText: 'Deliverable' }) });
  assert.ok((await deliverable.locator('li.comment').innerText()).includes(COMMENT));
  await shotPage(page, 'own-plan-comments');
  await page.goto(`${base}/s/7/plan`);
  assert.match(squash(await share.innerText()), /Comments on this plan: 0 unread/);
  await checkPage(pa, 'shared-plan-owner', `${base}${state.planPath}`);
  assert.deepEqual(pa.errors, []);
});

step('A checks in on a milestone; B\'s partner view and the facilitator\'s dashboard show it', async () => {
  // Before: the sprint has run ten days without a check-in.
  await fac.page.goto(`${base}/c/${state.cohort}/dashboard`);
  const aRow = fac.page.locator('table.dashboard tbody tr', { hasText: pa.user.name });
  assert.match(squash(await aRow.locator('td').last().innerText()), /^Behind: no check-in yet$/);
  assert.match(squash(await fac.page.locator('p.late').innerText()), new RegExp(`Behind on check-ins: ${pa.user.name}\\.`));
  assert.equal(await aRow.locator('td.late').count(), 1, 'the late cell is marked');
  await shotPage(fac.page, 'dashboard-behind');
  await checkPage(fac, 'dashboard-behind');

  const { page } = pa;
  await page.goto(`${base}/s/7/checkins`);
  const [first] = A.milestones;
  const fs = page.locator('form.checkin fieldset', { has: page.locator('legend', { hasText: first[0] }) });
  await fs.getByLabel('On track').check();
  await fs.getByLabel('Note (optional)').fill(A.checkinNote);
  await clickTo(page, page.getByRole('button', { name: 'Save check-in' }), /\/s\/7\/checkins/);
  await page.goto(`${base}/s/7/checkins`);
  const mine = squash(await page.locator('main').innerText());
  assert.ok(mine.includes(A.checkinNote), 'the history has the note');
  assert.match(mine, /On track/);
  await shotPage(page, 'checkins-owner');
  await checkPage(pa, 'checkins');

  // B, from the cohort page's "Their check-ins".
  await pb.page.goto(state.cohortUrl);
  await clickTo(pb.page, pb.page.getByRole('link', { name: 'Their check-ins' }), /\/p\/\d+\/7\/checkins$/);
  const partner = squash(await pb.page.locator('main').innerText());
  for (const [what] of A.milestones) assert.ok(partner.includes(what), `the partner view lists "${what}"`);
  assert.ok(partner.includes(A.checkinNote), 'the partner view has the note');
  assert.match(partner, /On track/);
  assert.ok(!partner.includes(A.deliverable), 'the partner view shows milestones only, not the rest of the plan');
  assert.equal(await pb.page.locator('form.checkin').count(), 0, 'a partner cannot check in for A');
  await shotPage(pb.page, 'checkins-partner');
  await checkPage(pb, 'checkins-partner');

  // The facilitator's dashboard.
  await fac.page.reload();
  assert.equal(squash(await aRow.locator('td').last().innerText()), 'checked in today');
  assert.match(squash(await fac.page.locator('main').innerText()), /Nobody is behind on check-ins\./);
  const cell = aRow.getByRole('link', { name: new RegExp(`^\\d+/\\d+ answered: ${pa.user.name}, ${PROJECT}, shared$`) });
  assert.equal(await cell.count(), 1);
  const bRow = fac.page.locator('table.dashboard tbody tr', { hasText: pb.user.name });
  assert.match(squash(await bRow.innerText()), /no sprint planned/);
  await shotPage(fac.page, 'dashboard');
  await checkPage(fac, 'dashboard');
  // One click to A's shared plan.
  await clickTo(fac.page, cell, `${base}${state.planPath}`);
  assert.ok((await fac.page.locator('main').innerText()).includes(COMMENT));
  await fac.page.goto(`${base}/p/${state.planPath.split('/')[2]}/7/checkins`);
  assert.ok((await fac.page.locator('main').innerText()).includes(A.checkinNote));
  assert.deepEqual([...pa.errors, ...pb.errors, ...fac.errors], []);
});

step('the facilitator runs the final review through both presenters', async () => {
  const { page } = fac;
  await page.goto(`${base}/c/${state.cohort}/review`);
  const lineup = () => page.locator('ol.lineup li .name').allTextContents();
  assert.deepEqual(await lineup(), [pa.user.name, pb.user.name]);
  await checkPage(fac, 'review-order');
  await clickTo(page, page.getByRole('button', { name: `Move ${pb.user.name} up` }), /\/review$/);
  assert.deepEqual(await lineup(), [pb.user.name, pa.user.name]);
  await clickTo(page, page.getByRole('button', { name: 'Shuffle' }), /\/review$/);
  assert.deepEqual((await lineup()).sort(), [pa.user.name, pb.user.name].sort());
  if ((await lineup())[0] !== pa.user.name) {
    await clickTo(page, page.getByRole('button', { name: `Move ${pa.user.name} up` }), /\/review$/);
  }
  assert.deepEqual(await lineup(), [pa.user.name, pb.user.name]);
  await shotPage(page, 'review-order');

  await clickTo(page, page.getByRole('button', { name: 'Start the review' }), /\/review$/);
  const now = page.locator('section.presenter');
  assert.equal(squash(await now.locator('h2').first().innerText()), `Now presenting: ${pa.user.name} (1 of 2)`);
  assert.ok((await now.innerText()).includes(A.deliverable), 'A\'s plan summary is on screen');
  assert.match(squash(await now.innerText()), new RegExp(`Sprint From ${A.sprint[0]} to \\d{4}-\\d\\d-\\d\\d: 4 weeks at 4 hours a week`));
  assert.equal(await now.locator('table').filter({ hasText: A.milestones[1][0] }).count(), 1, 'the milestones as a table');
  const timer = now.locator('.timer');
  await timer.waitFor({ state: 'visible' });
  assert.equal(await timer.locator('.clock').textContent(), '5:00');
  await timer.getByRole('button', { name: 'Start 5-minute timer' }).click();
  await page.clock.runFor(30_000);
  assert.equal(await timer.locator('.clock').textContent(), '4:30');
  await shotPage(page, 'review-presenter-a');
  await checkPage(fac, 'review-presenter');

  await now.locator('summary', { hasText: `Your private notes on ${pa.user.name}` }).click();
  await now.getByLabel(`Notes on ${pa.user.name}`).fill(REVIEW_NOTE);
  await clickTo(page, now.getByRole('button', { name: 'Save note, then next presenter' }), /\/review$/);
  assert.equal(squash(await now.locator('h2').first().innerText()), `Now presenting: ${pb.user.name} (2 of 2)`);
  assert.ok(!(await now.innerText()).includes(A.deliverable), 'B\'s screen does not show A\'s plan');
  await shotPage(page, 'review-presenter-b');
  await clickTo(page, page.getByRole('button', { name: 'Finish the review' }), /\/review$/);
  assert.equal(await page.locator('main h2').first().textContent(), 'Everyone has presented');
  await page.locator('summary', { hasText: 'Your private notes' }).click();
  const notes = squash(await page.locator('dl.notes').innerText());
  assert.ok(notes.includes(`${pa.user.name} ${REVIEW_NOTE}`), `the notes list A's note: ${notes}`);
  await shotPage(page, 'review-finished');
  await checkPage(fac, 'review-finished');
  // The participants may not open it.
  expect404.add(`/c/${state.cohort}/review`);
  const r = await pb.page.goto(`${base}/c/${state.cohort}/review`);
  assert.equal(r.status(), 403);
  expect404.delete(`/c/${state.cohort}/review`);
  pb.errors.length = 0;
  assert.deepEqual(fac.errors, []);
});

step('the facilitator downloads the CSV; LibreOffice reads it in UTF-8', async () => {
  const { page } = fac;
  await page.goto(`${base}/c/${state.cohort}/dashboard`);
  const [dl] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download every answer (CSV)' }).click()]);
  assert.equal(dl.suggestedFilename(), `cohort-${state.cohort}-answers.csv`);
  const csvPath = join(out, 'answers.csv');
  await dl.saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  // A byte-order mark first, so spreadsheet programs take it as UTF-8.
  assert.ok(csv.startsWith('\uFEFFcohort,member,email,exercise,prompt id,prompt,answer\r\n'), csv.slice(0, 200));
  assert.ok(csv.includes(A.deliverable), 'the CSV has A\'s deliverable, UTF-8');
  assert.ok(csv.includes(`"${A.milestones[0].join('\t')}\n${A.milestones[1].join('\t')}"`), 'milestones as one quoted field');

  const profile = mkdtempSync(join(tmpdir(), 'lo-cohort-'));
  try {
    await run('libreoffice', ['--headless', `-env:UserInstallation=file://${profile}`,
      '--infilter=CSV:44,34,76,1', '--convert-to', 'pdf', '--outdir', out, csvPath]);
    await run('libreoffice', ['--headless', `-env:UserInstallation=file://${profile}`,
      '--infilter=CSV:44,34,76,1', '--convert-to', 'ods', '--outdir', out, csvPath]);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  const text = squash(await run('pdftotext', ['-layout', join(out, 'answers.pdf'), '-']));
  // Calc's page shows each cell's start; these words come early enough.
  for (const want of [COHORT, pa.user.name, pb.user.name, 'Une réponse nette', 'Ωmega', 'naïve']) {
    assert.ok(text.includes(want), `the PDF from LibreOffice has "${want}"`);
  }
  // The ods has every cell whole: its content.xml has the deliverable.
  const xml = await run('python3', ['-c', 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read("content.xml").decode())',
    join(out, 'answers.ods')]);
  assert.ok(xml.includes(A.deliverable.replace(/&/g, '&amp;').replace(/"/g, '&quot;')) || xml.includes(A.deliverable),
    'the ods has the deliverable whole');
  assert.ok(xml.includes(A.support), 'the ods has the support request');
});

step('a revoked read-only link and a revoked invite stop working at once', async () => {
  // The read-only link: A revokes it.
  const { page } = pa;
  await page.goto(`${base}/s/7/plan`);
  const share = page.locator(`#share-${EX}`);
  await clickTo(page, share.getByRole('button', { name: 'Revoke the link' }), `${base}/s/7/plan#share-${EX}`);
  assert.match(squash(await share.innerText()), /No read-only link/);
  const gone = await freshStatus(state.link);
  assert.equal(gone.status, 404);
  assert.ok(!gone.text.includes(A.deliverable));

  // A second invite, working, then revoked with the first one.
  const f = fac.page;
  await f.goto(state.cohortUrl);
  await f.getByRole('button', { name: 'Make an invite link' }).click();
  await f.waitForURL(/\/invites$/);
  const second = await f.locator('#invite-link').getAttribute('href');
  assert.notEqual(second, state.invite);
  const open = await freshStatus(second);
  assert.equal(open.status, 200);
  assert.match(open.text, /You have been invited to join a cohort/);
  await f.goto(state.cohortUrl);
  while (await f.getByRole('button', { name: /^Revoke the invite/ }).count()) {
    await clickTo(f, f.getByRole('button', { name: /^Revoke the invite/ }).first(), /\/c\/\d+/);
  }
  assert.deepEqual((await f.locator('table.invites tbody tr td:nth-child(4)').allTextContents()), ['revoked', 'revoked', 'revoked']);
  await shotPage(f, 'invites-revoked');
  for (const path of [state.invite, second]) {
    const r = await freshStatus(path);
    assert.equal(r.status, 410, `${path} after revoking`);
    assert.match(r.text, /This invite link was revoked/);
  }
  // Logged in, too: a new person cannot join by it.
  const late = {};
  await person(late);
  late.user = newUser('Late');
  await signup(late.page, late.user);
  expect404.add(second);
  const r = await late.page.goto(`${base}${second}`);
  assert.equal(r.status(), 410);
  await late.context.close();
  assert.deepEqual([...pa.errors, ...fac.errors], []);
});

// ---------------------------------------------------------------- a11y and HTML

step('axe-core: 0 violations, and the Nu HTML checker: 0 errors, on every cohort page', async () => {
  for (const name of ['cohorts-list', 'cohort-facilitator', 'cohort-participant', 'join', 'invite-link',
    'dashboard', 'dashboard-behind', 'review-order', 'review-presenter', 'review-finished', 'shared-plan-peer',
    'shared-plan-owner', 'checkins', 'checkins-partner', 'cohort-request-sent', 'checkins-request']) {
    assert.ok(served.has(name), `the page "${name}" was checked`);
  }
  await vnuCheck(served, 'cohort/html');
  assert.equal(axeFound.length, 0, `axe:\n  ${axeFound.join('\n  ')}`);
  for (const who of [fac, pa, pb]) {
    if (who.twin) assert.deepEqual(who.twin.errors, []);
    await who.twin?.context.close();
    await who.context.close();
  }
});
