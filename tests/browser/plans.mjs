// The acceptance test of the session 7 planners (issue 3), done the way a
// newcomer would: sign up, fill the career plan and the project plan (the
// 5-minute timers driven by a test clock), watch the checks panel go from
// failing to passing, look at "Your plans" and the history, download the
// documents and read them back with other programs (LibreOffice and
// pdftotext, `alignplan import --check`, ical.js).  Then axe-core and the
// Nu HTML checker on every page filled, and a pass without JavaScript.
// Run from this directory: `node plans.mjs` (`make browser` runs it).
//
// Screenshots and downloads go to artifacts/plans/; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ICAL from 'ical.js';
import {
  useApp, base, sql, artifacts, newUser, eventually, textMatches, newPage, signup, settled,
  installClock, promptAbout, axeCheck, vnuCheck, cookieHeader, alignplan,
} from './harness.mjs';

useApp();

const CAREER = 'Make your career awesome';
const PROJECT = 'Make your project awesome';
const out = join(artifacts, 'plans');

// What the newcomer writes; several are looked for again in the exports.
const A = {
  ownRole: 'AI red-teamer & evals <lead>',
  ranked: null,  // filled in below, once the buttons have been used
  tests: {
    'Research engineer': ['Pair on an ARENA notebook', '10', '2027-01-15'],
    'Policy or governance researcher': ['Write a 2-page policy memo', '6', '2027-01-22'],
    Grantmaker: ['Shadow a regrantor for a week', '8', '2027-02-05'],
    'AI red-teamer & evals <lead>': ['Enter a jailbreak competition', '12', '2027-02-19'],
  },
  assetsBefore: ['Python', 'Statistics'],
  assetsTimed: ['Teaching', 'PyTorch', 'Technical writing', 'Public speaking', 'A maths degree',
    'Two years of data engineering', 'Contacts at a safety lab', 'Git and code review', 'Running a reading group'],
  uncertainty: 'Would I enjoy research day to day?',
  enjoy: 'Debugging hard problems', dislike: 'Status meetings',
  careerGoals: 'Ship one eval <script>alert("x")</script> by spring 🚀 and write about it',
  skill: ['Interpretability', 'Policy writing', 'Few people can explain circuits to regulators'],
  ownGoal: 'Learn to run evals on open models 🧪',
  areas: ['Mechanistic interpretability', 'Evaluations'],
  questionsBefore: ['Do sparse probes find deception features?'],
  questionsTimed: ['How stable are SAE features across seeds?', 'Can a linear probe beat a judge model?', 'What breaks at 7B?'],
  existing: 'Anthropic’s monosemanticity papers; the Apollo probes post.\nNo replication on open models yet.',
  ways: ['Replicate the probe result', 'Ask an author', 'Read the released code'],
  deliverable: 'A 4-page report answering one question: do linear probes find the feature? 🔍',
  deliverableNow: 'A 4-page report with code answering one question: do linear probes find the feature? 🔍',
  alternatives: ['A blog post series', 'Contribute to an eval library'],
  sprint: ['2027-01-04', '6', '5'],      // to 2027-02-14: 30 hours
  milestones: [
    ['Read the three papers', '2027-01-10', '6'],
    ['Replicate the probe result', '2027-01-31', '12'],
    ['Write the report', '2027-02-12', '8'],
  ],
  late: ['2027-03-20', '20'],             // outside the sprint, and 38 h > 30 h
  premortem: [
    ['Work ate my evenings', 'Book two fixed evenings a week', 'Time'],
    ['No GPU for the 7B model', 'Ask for cloud credits in week 1', 'Compute or model access'],
    ['The probe never trains', 'Try the tiny model first', 'Technical uncertainty'],
    ['Laptop died with the code', 'Push to GitHub daily', 'Version control and backups'],
  ],
  support: 'A weekly check-in message in the cohort channel, and one pair session.',
};

// The newcomer's browser, kept from test to test.
const me = {};

// ---------------------------------------------------------------- helpers

function run(cmd, args, timeout = 180000) {
  return new Promise((ok, fail) => {
    execFile(cmd, args, { timeout, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return fail(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stdout}${stderr}`));
      ok(stdout);
    });
  });
}

const squash = (s) => s.replace(/\s+/g, ' ').trim();

// The checks panel as a person reads it, an item a line:
// "✗ To do: Roles: 3 to 5 None yet."
async function panelLines(page) {
  return (await page.locator('#checks li').allInnerTexts()).map(squash);
}

// Wait for the one check whose line has `words` to read done or to do.
async function expectCheck(page, words, pass) {
  const mark = pass ? '✓ Done:' : '✗ To do:';
  return eventually(async () => {
    const seen = (await panelLines(page)).filter((l) => l.includes(words));
    return { ok: seen.length === 1 && seen[0].startsWith(`${mark} `), seen, line: seen[0] };
  }, `the check "${words}" to read "${mark}"`);
}

// Let the autosave timers run (the page's clock is the test's) and wait
// until nothing is left unsaved.
async function autosave(page) {
  await page.clock.runFor(1000);
  await settled(page);
}

async function shotPage(page, name) {
  await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
}
async function shotEl(locator, name) {
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: join(out, `${name}.png`) });
}

// Save a download the page starts by following the link named `name`.
async function download(page, name, file) {
  // The whole workbook's (each plan has its own links too, named after it).
  const [dl] = await Promise.all([page.waitForEvent('download'),
    page.getByRole('link', { name, exact: typeof name === 'string' }).click()]);
  const path = join(out, file);
  await dl.saveAs(path);
  return { path, suggested: dl.suggestedFilename() };
}

// ---------------------------------------------------------------- career plan

test('career plan with JavaScript: roles, ranking, cheap tests, timed assets; checks go from failing to passing', async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  Object.assign(me, await newPage());
  const { page } = me;
  await installClock(page);
  me.user = newUser('Newcomer');
  await signup(page, me.user);
  await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
  me.careerUrl = page.url();
  const panel = page.locator('#checks');
  await shotEl(panel, 'career-checks-before');
  assert.match(squash(await panel.locator('summary').innerText()), /^Checks \d+ of \d+ pass$/);
  await expectCheck(page, 'Roles: 3 to 5', false);
  await expectCheck(page, 'Cheap tests: one for each role', false);

  // Roles: two ticked is too few; a third and one of your own.
  const roles = promptAbout(page, /roles.*5-10 years/);
  await roles.getByLabel('Research engineer').check();
  await roles.getByLabel('Policy or governance researcher').check();
  await autosave(page);
  const few = await expectCheck(page, 'Roles: 3 to 5', false);
  assert.match(few.line, /You have 2\./);
  await roles.getByLabel('Grantmaker').check();
  await roles.getByLabel('Your own 1', { exact: true }).fill(A.ownRole);
  await autosave(page);
  await expectCheck(page, 'Roles: 3 to 5', true);

  // The ranking follows the roles saved; the arrows put it in order.
  const excited = promptAbout(page, 'most excited');
  await eventually(async () => {
    const seen = await excited.locator('label.item').allTextContents();
    return { ok: seen.length === 4, seen };
  }, 'the ranking to list the four roles');
  for (let i = 0; i < 3; i++) await excited.getByRole('button', { name: `Move ${A.ownRole} up` }).click();
  await excited.getByRole('button', { name: 'Move Grantmaker up' }).click();
  await autosave(page);
  A.ranked = [A.ownRole, 'Research engineer', 'Grantmaker', 'Policy or governance researcher'];
  assert.deepEqual(await excited.locator('label.item').allTextContents(), A.ranked.map((r) => `${r}, rank`));
  await textMatches(excited.locator('.status'), /^Saved at/, 'the ranking autosave');

  // Cheap tests: a row per role; three of four is not yet enough.
  const tests = promptAbout(page, 'tell you how well you fit');
  await eventually(async () => {
    const seen = await tests.locator('.rowhead .item').allTextContents();
    return { ok: seen.length === 4, seen };
  }, 'a cheap-test row per role');
  const fillTest = async (role) => {
    const [what, hours, when] = A.tests[role];
    await tests.getByLabel(`Cheap test, for ${role}`).fill(what);
    await tests.getByLabel(`Hours, for ${role}`).fill(hours);
    await tests.getByLabel(`By when, for ${role}`).fill(when);
  };
  for (const role of ['Research engineer', 'Policy or governance researcher', 'Grantmaker']) await fillTest(role);
  await autosave(page);
  const missing = await expectCheck(page, 'Cheap tests: one for each role', false);
  assert.ok(missing.line.includes(A.ownRole), `the check names the role without a test: ${missing.line}`);
  await fillTest(A.ownRole);
  await autosave(page);
  await expectCheck(page, 'Cheap tests: one for each role', true);

  // Career capital: two first, then a 5-minute sprint on the test clock.
  const assets = promptAbout(page, 'career capital');
  for (const [i, a] of A.assetsBefore.entries()) await assets.getByLabel(`Item ${i + 1}`, { exact: true }).fill(a);
  await autosave(page);
  await expectCheck(page, 'Career capital: at least 10', false);
  const timer = assets.locator('.timer');
  await timer.getByRole('button', { name: 'Start 5-minute timer' }).click();
  await page.clock.runFor(30_000);
  assert.equal(await timer.locator('.clock').textContent(), '4:30');
  for (const [i, a] of A.assetsTimed.entries()) {
    const n = A.assetsBefore.length + i + 1;
    if (!await assets.getByLabel(`Item ${n}`, { exact: true }).count()) await assets.getByRole('button', { name: 'Add item' }).click();
    await assets.getByLabel(`Item ${n}`, { exact: true }).fill(a);
  }
  await page.clock.fastForward('04:31');
  await textMatches(timer.locator('.announce'), /^Time is up: you wrote 9 items in 5 minutes\.$/, 'the timer announcement');
  assert.equal(await timer.locator('.clock').textContent(), '0:00');
  await autosave(page);
  await expectCheck(page, 'Career capital: at least 10', true);

  // An uncertainty first without its test, then linked to one.
  const unsure = promptAbout(page, 'still unsure');
  await unsure.getByLabel('Uncertainty, row 1').fill(A.uncertainty);
  await autosave(page);
  await expectCheck(page, 'Uncertainties: “Resolved by” filled in for every row', false);
  const pick = A.tests['Research engineer'][0];
  await eventually(async () => {
    const seen = await unsure.getByLabel('Resolved by, row 1').locator('option').allTextContents();
    return { ok: seen.includes(pick), seen };
  }, 'the cheap tests to be offered under "Resolved by"');
  await unsure.getByLabel('Resolved by, row 1').selectOption(pick);
  await autosave(page);
  await expectCheck(page, 'Uncertainties: “Resolved by” filled in for every row', true);

  const likes = promptAbout(page, 'enjoy and what do you dislike');
  await likes.getByLabel('I enjoy, row 1').fill(A.enjoy);
  await likes.getByLabel('I dislike, row 1').fill(A.dislike);
  await promptAbout(page, 'icebreaker').locator('textarea').fill(A.careerGoals);
  const skills = promptAbout(page, 'rare and valuable');
  await skills.getByLabel('Skill, row 1').fill(A.skill[0]);
  await skills.getByLabel('Paired with, row 1').fill(A.skill[1]);
  await skills.getByLabel('Why it is rare and valuable, row 1').fill(A.skill[2]);
  await autosave(page);

  // Every check passes now, and a reload shows the same.
  await eventually(async () => {
    const seen = await panelLines(page);
    return { ok: seen.length > 0 && seen.every((l) => l.startsWith('✓ Done: ')), seen };
  }, 'every career check to pass');
  await page.reload();
  assert.deepEqual(await excited.locator('label.item').allTextContents(), A.ranked.map((r) => `${r}, rank`));
  assert.equal(await unsure.getByLabel('Resolved by, row 1').inputValue(), pick);
  assert.equal(await promptAbout(page, 'icebreaker').locator('textarea').inputValue(), A.careerGoals);
  const summary = squash(await panel.locator('summary').innerText());
  const [, passed, total] = summary.match(/^Checks (\d+) of (\d+) pass$/);
  assert.equal(passed, total, summary);
  await shotEl(panel, 'career-checks-after');
  await shotPage(page, 'career-filled');
  assert.deepEqual(me.errors, []);
});

// ---------------------------------------------------------------- project plan

test('project plan with JavaScript: goals, timed questions, fit, sprint, milestones against the budget, pre-mortem', async () => {
  const { page } = me;
  assert.ok(page, 'the career test made the newcomer');
  await page.goto(`${base}/s/7`);
  await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: PROJECT }).click()]);
  me.projectUrl = page.url();
  const panel = page.locator('#checks');
  await shotEl(panel, 'project-checks-before');
  for (const words of ['Ways to find answers: exactly 3', 'marked simplest', 'Deliverable: answered',
    'Milestones: at least 2', 'Pre-mortem: at least 3 rounds',
    'Pre-mortem: a round for every risk area', 'Support: answered']) await expectCheck(page, words, false);

  // Goals: two of the guide's and one of your own.
  const goals = promptAbout(page, 'What goals');
  await goals.getByLabel(/^\s*Create something that shows/).check();
  await goals.getByLabel(/^\s*Get good at a relevant skill/).check();
  await goals.getByLabel('Your own 1', { exact: true }).fill(A.ownGoal);
  const areas = promptAbout(page, 'research areas');
  for (const [i, a] of A.areas.entries()) await areas.getByLabel(`Item ${i + 1}`, { exact: true }).fill(a);
  await autosave(page);

  // Questions: one before the timer, three during it.
  const questions = promptAbout(page, 'cannot yet answer');
  await questions.getByLabel('Item 1', { exact: true }).fill(A.questionsBefore[0]);
  const qTimer = questions.locator('.timer');
  await qTimer.getByRole('button', { name: 'Start 5-minute timer' }).click();
  for (const [i, q] of A.questionsTimed.entries()) {
    const n = i + 2;
    if (!await questions.getByLabel(`Item ${n}`, { exact: true }).count()) await questions.getByRole('button', { name: 'Add item' }).click();
    await questions.getByLabel(`Item ${n}`, { exact: true }).fill(q);
  }
  await page.clock.fastForward('05:01');
  await textMatches(qTimer.locator('.announce'), /^Time is up: you wrote 3 items in 5 minutes\.$/, 'the questions timer');
  await promptAbout(page, 'already been written').locator('textarea').fill(A.existing);

  // Three ways; none marked simplest fails until one is.
  const ways = promptAbout(page, 'three ways');
  for (const [i, w] of A.ways.entries()) await ways.getByLabel(`Way, row ${i + 1}`).fill(w);
  await autosave(page);
  await expectCheck(page, 'Ways to find answers: exactly 3', true);
  await expectCheck(page, 'marked simplest', false);
  await ways.getByLabel('Simplest, row 2').check();
  await autosave(page);
  await expectCheck(page, 'marked simplest', true);

  await promptAbout(page, 'What will you deliver').locator('textarea').fill(A.deliverable);
  await autosave(page);
  await expectCheck(page, 'Deliverable: answered', true);

  // Fit: a row per goal; "poorly" is flagged until revised.
  const fit = promptAbout(page, 'how well does it serve');
  await eventually(async () => {
    const seen = await fit.locator('.rowhead .item').allTextContents();
    return { ok: seen.length === 3, seen };
  }, 'a fit row per goal');
  const rate = (goal) => fit.getByLabel(new RegExp(`^How well it serves it, for ${goal}`));
  await rate('Create something').selectOption('well');
  await rate('Get good at').selectOption('partly');
  await rate('Learn to run evals').selectOption('poorly');
  await fit.getByLabel(/^Note, for Learn to run evals/).fill('Only if the report includes the eval harness');
  await autosave(page);
  const poor = await expectCheck(page, 'Fit with goals: every goal rated partly or well', false);
  assert.match(poor.line, /Learn to run evals/);
  await rate('Learn to run evals').selectOption('well');
  await autosave(page);
  await expectCheck(page, 'Fit with goals: every goal rated partly or well', true);

  // Alternatives under their own timer: two in the five minutes.
  const alts = promptAbout(page, 'different idea');
  const aTimer = alts.locator('.timer');
  await aTimer.getByRole('button', { name: 'Start 5-minute timer' }).click();
  for (const [i, a] of A.alternatives.entries()) await alts.getByLabel(`Item ${i + 1}`, { exact: true }).fill(a);
  await page.clock.fastForward('05:01');
  await textMatches(aTimer.locator('.announce'), /^Time is up: you wrote 2 items in 5 minutes\.$/, 'the alternatives timer');

  // The sprint: six weeks of five hours from 4 January 2027.
  const sprint = promptAbout(page, 'When does your sprint start');
  await sprint.getByLabel('Start, row 1').fill(A.sprint[0]);
  await sprint.getByLabel('Weeks, row 1').fill(A.sprint[1]);
  await sprint.getByLabel('Hours a week, row 1').fill(A.sprint[2]);
  await autosave(page);
  const sp = await expectCheck(page, 'Sprint: start, weeks and hours a week', true);
  assert.match(sp.line, /2027-01-04/);

  // Milestones: the last one first entered too late and too long.
  const ms = promptAbout(page, 'Milestones');
  const fillMilestone = async (row, [what, when, hours]) => {
    if (!await ms.getByLabel(`Milestone, row ${row}`).count()) await ms.getByRole('button', { name: 'Add row' }).click();
    await ms.getByLabel(`Milestone, row ${row}`).fill(what);
    await ms.getByLabel(`By when, row ${row}`).fill(when);
    await ms.getByLabel(`Hours, row ${row}`).fill(hours);
  };
  await fillMilestone(1, A.milestones[0]);
  await fillMilestone(2, A.milestones[1]);
  await fillMilestone(3, [A.milestones[2][0], ...A.late]);
  await autosave(page);
  const outside = await expectCheck(page, 'Milestones: dates within the sprint', false);
  assert.match(outside.line, /Write the report/);
  const over = await expectCheck(page, 'Milestones: hours fit the sprint', false);
  assert.match(over.line, /38/);
  assert.match(over.line, /30/);
  await expectCheck(page, 'Milestones: at least 2', true);
  await shotEl(panel, 'project-checks-milestones-late');
  await fillMilestone(3, A.milestones[2]);
  await autosave(page);
  await expectCheck(page, 'Milestones: dates within the sprint', true);
  const fits = await expectCheck(page, 'Milestones: hours fit the sprint', true);
  assert.match(fits.line, /26/);

  // Pre-mortem: three rounds leave a risk area uncovered; a fourth covers it.
  const pm = promptAbout(page, 'Pre-mortem');
  const fillRound = async (n, [wrong, prevent, area]) => {
    if (!await pm.getByLabel(`What went wrong, round ${n}`).count()) await pm.getByRole('button', { name: 'Add round' }).click();
    await pm.getByLabel(`What went wrong, round ${n}`).fill(wrong);
    await pm.getByLabel(`How to prevent it or learn sooner, round ${n}`).fill(prevent);
    await pm.getByLabel(`Risk area, round ${n}`).selectOption(area);
  };
  for (let i = 0; i < 3; i++) await fillRound(i + 1, A.premortem[i]);
  await autosave(page);
  await expectCheck(page, 'Pre-mortem: at least 3 rounds', true);
  const gap = await expectCheck(page, 'Pre-mortem: a round for every risk area', false);
  assert.match(gap.line, /Version control and backups/);
  await fillRound(4, A.premortem[3]);
  await autosave(page);
  await expectCheck(page, 'Pre-mortem: a round for every risk area', true);

  await promptAbout(page, 'support you').locator('textarea').fill(A.support);
  await autosave(page);
  await eventually(async () => {
    const seen = await panelLines(page);
    return { ok: seen.length > 0 && seen.every((l) => l.startsWith('✓ Done: ')), seen };
  }, 'every project check to pass');

  await page.reload();
  assert.equal(await ms.getByLabel('By when, row 3').inputValue(), A.milestones[2][1]);
  assert.equal(await pm.getByLabel('Risk area, round 4').inputValue(), A.premortem[3][2]);
  assert.equal(await ways.getByLabel('Simplest, row 2').isChecked(), true);
  assert.equal(await goals.getByLabel('Your own 1', { exact: true }).inputValue(), A.ownGoal);
  await shotEl(panel, 'project-checks-after');
  await shotPage(page, 'project-filled');
  assert.deepEqual(me.errors, []);
});

// ---------------------------------------------------------------- summary and history

test('"Your plans": completeness bars, timeline and heat map; the history shows a changed answer', async () => {
  const { page } = me;
  assert.ok(me.projectUrl, 'the project test filled the plan');
  // (Neither the session page nor an exercise links here yet: by address.)
  await page.goto(`${base}/s/7/plan`);
  assert.equal(await page.locator('h1').textContent(), 'Your plans');

  const bars = page.locator('svg.completeness');
  assert.equal(await bars.count(), 2);
  for (const [i, bar] of (await bars.all()).entries()) {
    assert.equal(await bar.isVisible(), true);
    assert.match(await bar.getAttribute('aria-label'), /^Prompts answered: (\d+) of \1 \(100%\)$/);
    await shotEl(bar, `chart-completeness-${i + 1}`);
  }
  const timeline = page.locator('figure.chart', { hasText: 'Timeline: Milestones' });
  assert.equal(await timeline.locator('svg').isVisible(), true);
  const tlText = await timeline.locator('svg').textContent();
  for (const [what] of A.milestones) assert.ok(tlText.includes(what), `the timeline shows "${what}"`);
  await shotEl(timeline, 'chart-timeline');
  const heat = page.locator('figure.chart', { hasText: 'Heat map: Fit with goals' });
  assert.equal(await heat.locator('svg').isVisible(), true);
  assert.ok((await heat.locator('svg').textContent()).includes(A.ownGoal), 'the heat map names your own goal, whole');
  await shotEl(heat, 'chart-heatmap');
  // The summary's checks agree with the pages: everything passes.
  for (const h of await page.locator('section.checks h3').allTextContents()) {
    const [, passed, total] = h.match(/^Checks: (\d+) of (\d+) pass$/);
    assert.equal(passed, total, h);
  }
  // Each check is named as on the plan's page and leads to its field.
  const link = page.locator('section.checks a', { hasText: 'Milestones: hours fit the sprint' });
  assert.equal(await link.getAttribute('href'), '/s/7/e/make-your-project-awesome#p-e2-milestones');
  // Key answers, escaped as text.
  const answers = await page.locator('section.key-answers').allInnerTexts();
  assert.ok(answers.join('\n').includes(A.careerGoals), 'the summary shows the career goals as typed');
  assert.equal(await page.locator('main script').count(), 0);
  await shotPage(page, 'summary');

  // History: the store starts a new version when the last one is over
  // two minutes old; rather than wait, age what is saved by ten minutes.
  await sql('UPDATE answer_versions SET first_saved = first_saved - 600, last_saved = last_saved - 600');
  await page.goto(me.projectUrl);
  await promptAbout(page, 'What will you deliver').locator('textarea').fill(A.deliverableNow);
  await autosave(page);
  await textMatches(promptAbout(page, 'What will you deliver').locator('.status'), /^Saved at/, 'the deliverable autosave');
  await page.goto(`${base}/s/7/plan`);
  await Promise.all([page.waitForURL(/\/history$/),
    page.locator('section.plan', { hasText: PROJECT }).getByRole('link', { name: 'History of your answers' }).click()]);
  me.historyUrl = page.url();
  const item = page.locator('section.history', { has: page.locator('h2', { hasText: 'Deliverable' }) });
  assert.match(await item.locator('.meta').textContent(), /^2 versions: the first draft from /);
  assert.equal(squash(await item.locator('del').innerText()), `− ${A.deliverable}`);
  assert.equal(squash(await item.locator('ins').innerText()), `+ ${A.deliverableNow}`);
  const roles = page.locator('section.history', { has: page.locator('h2', { hasText: 'Milestones' }) });
  assert.match(await roles.locator('.meta').textContent(), /^One version/);
  await shotEl(item, 'history-deliverable');
  await shotPage(page, 'history');
  assert.deepEqual(me.errors, []);
});

// ---------------------------------------------------------------- downloads

test('downloads: the .docx in LibreOffice and pdftotext, the .md re-imported, the .ics', async () => {
  const { page } = me;
  assert.ok(me.historyUrl, 'the plans were filled');
  await page.goto(`${base}/s/7/plan`);

  const docx = await download(page, 'Word (.docx)', 'plans.docx');
  assert.equal(docx.suggested, 'session-7.docx');
  const profile = mkdtempSync(join(tmpdir(), 'alignplan-lo-'));
  try {
    await run('libreoffice', ['--headless', `-env:UserInstallation=${pathToFileURL(profile).href}`,
      '--convert-to', 'pdf', '--outdir', out, docx.path]);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  await run('pdftotext', ['-enc', 'UTF-8', join(out, 'plans.pdf'), join(out, 'plans.txt')]);
  const pdf = squash(readFileSync(join(out, 'plans.txt'), 'utf8'));
  for (const want of [CAREER, PROJECT, A.careerGoals, A.ownRole, A.tests.Grantmaker[0], A.uncertainty,
    A.deliverableNow, A.ownGoal, A.support, A.milestones[1][0], A.premortem[3][1], A.assetsTimed[8]]) {
    assert.ok(pdf.includes(squash(want)), `the PDF of the .docx lacks "${want}"`);
  }

  // Markdown: imported back, the same answers.
  const md = await download(page, 'Markdown (.md)', 'plans.md');
  assert.equal(md.suggested, 'session-7.md');
  const r = await alignplan(['import', '--check', '--json', md.path]);
  assert.equal(r.code, 0, r.stderr);
  const got = {};
  for (const e of JSON.parse(r.stdout).exercises) for (const p of e.prompts) got[p.id] = p.answer;
  const want = {
    'e1-roles': ['Research engineer', 'Policy or governance researcher', 'Grantmaker', A.ownRole].join('\n'),
    'e1-excited': A.ranked.join('\n'),
    'e1-goals-next': A.careerGoals,
    'e1-uncertainties': `${A.uncertainty}\t${A.tests['Research engineer'][0]}`,
    'e2-existing': A.existing,
    'e2-deliverable': A.deliverableNow,
    'e2-milestones': A.milestones.map((m) => m.join('\t')).join('\n'),
    'e2-premortem': A.premortem.map((m) => m.join('\t')).join('\n'),
    'e2-sprint': A.sprint.join('\t'),
  };
  for (const [id, v] of Object.entries(want)) assert.equal(got[id], v, `${id} read back from the .md`);

  // Calendar: one event per milestone, on its date.
  const ics = await download(page, /milestones for your calendar/, 'plans.ics');
  const cal = new ICAL.Component(ICAL.parse(readFileSync(ics.path, 'utf8')));
  const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v))
    .map((e) => [e.summary, e.startDate.toString()]);
  for (const [what, when] of A.milestones) {
    assert.ok(events.some(([s, d]) => s.includes(what) && d === when), `the .ics lacks "${what}" on ${when}: ${JSON.stringify(events)}`);
  }

  me.htmlExport = (await download(page, /a page to print or share/, 'plans.html')).path;
  assert.ok(readFileSync(me.htmlExport, 'utf8').includes('&lt;script&gt;alert('), 'the HTML export escapes the answer');
  assert.deepEqual(me.errors, []);
});

// ---------------------------------------------------------------- a11y and HTML

test('axe and the Nu HTML checker: both plans filled, the summary, the history, the exported HTML', async () => {
  assert.ok(me.htmlExport, 'the downloads test ran');
  const pages = new Map();
  const cookie = await cookieHeader(me.context);
  const paths = { 'career-filled': me.careerUrl, 'project-filled': me.projectUrl,
    summary: `${base}/s/7/plan`, history: me.historyUrl };
  for (const [name, url] of Object.entries(paths)) {
    const r = await fetch(url, { headers: { cookie } });
    assert.equal(r.status, 200, url);
    pages.set(name, await r.text());
  }
  pages.set('export', readFileSync(me.htmlExport, 'utf8'));
  await vnuCheck(pages, 'plans-html');

  const found = [];
  const { context, page, errors } = await newPage({ bypassCSP: true, storageState: await me.context.storageState() });
  try {
    for (const [name, url] of Object.entries(paths)) {
      await page.goto(url);
      await axeCheck(page, `plans-axe-${name}`, found);
    }
    await page.goto(pathToFileURL(me.htmlExport).href);
    await axeCheck(page, 'plans-axe-export', found);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  assert.equal(found.length, 0, `axe:\n  ${found.join('\n  ')}`);
  await me.context.close();
});

// ---------------------------------------------------------------- without JavaScript

test('career plan without JavaScript: a ranking and table rows by plain form post; the panel is right after it', async () => {
  const { context, page, errors } = await newPage({ javaScriptEnabled: false });
  try {
    await signup(page, newUser('Nojs Newcomer'));
    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    const url = page.url().split('?')[0];
    const save = () => Promise.all([page.waitForURL(`${url}?saved=1`),
      page.getByRole('button', { name: 'Save answers' }).click()]);
    const roles = promptAbout(page, /roles.*5-10 years/);
    await roles.getByLabel('Research scientist').check();
    await roles.getByLabel('Communicator or writer').check();
    await roles.getByLabel('Your own 1', { exact: true }).fill('Lab <ops> lead');
    await save();
    await expectCheck(page, 'Roles: 3 to 5', true);
    await expectCheck(page, 'Cheap tests: one for each role', false);

    // The ranking and the cheap tests came with the page after the post.
    const excited = promptAbout(page, 'most excited');
    assert.equal(await excited.getByRole('button').count(), 0, 'no arrows without JavaScript');
    await excited.getByLabel('Research scientist, rank').fill('2');
    await excited.getByLabel('Communicator or writer, rank').fill('3');
    await excited.getByLabel('Lab <ops> lead, rank').fill('1');
    const tests = promptAbout(page, 'tell you how well you fit');
    await tests.getByLabel('Cheap test, for Research scientist').fill('A weekend replication');
    await tests.getByLabel('Hours, for Research scientist').fill('16');
    await tests.getByLabel('By when, for Research scientist').fill('2027-03-01');
    await save();
    assert.deepEqual(await excited.locator('label.item').allTextContents(),
      ['Lab <ops> lead, rank', 'Research scientist, rank', 'Communicator or writer, rank']);
    assert.equal(await tests.getByLabel('Hours, for Research scientist').inputValue(), '16');
    const two = await expectCheck(page, 'Cheap tests: one for each role', false);
    assert.match(two.line, /Communicator or writer/);
    await tests.getByLabel('Cheap test, for Communicator or writer').fill('Write three posts');
    await tests.getByLabel('Cheap test, for Lab <ops> lead').fill('Run the cohort’s logistics');
    // A free table row, linked to a cheap test offered after the last post.
    const unsure = promptAbout(page, 'still unsure');
    await unsure.getByLabel('Uncertainty, row 1').fill('Can I stay motivated alone?');
    await unsure.getByLabel('Resolved by, row 1').selectOption('A weekend replication');
    await save();
    await expectCheck(page, 'Cheap tests: one for each role', true);
    await expectCheck(page, 'Uncertainties: “Resolved by” filled in for every row', true);
    assert.equal(await unsure.getByLabel('Resolved by, row 1').inputValue(), 'A weekend replication');
    assert.equal(await page.locator('p.flash').textContent(), 'Your answers were saved.');
    await shotPage(page, 'career-nojs');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
