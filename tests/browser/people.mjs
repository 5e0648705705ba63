// The acceptance test of the people directory, the opportunities board
// and the project gallery (issue 13), two participants in browser
// contexts of their own who share no cohort: both opt in and see each
// other suggested with the reason; A asks for an intro and B accepts,
// which shows each the other's email; A proposes a project team, B asks
// to join and A accepts; A filters the board (openings imported with
// `alignplan import --opportunities`), sees them ranked "for your plan"
// (A's profile and a role ticked in A's career plan) with the reasons,
// saves the filter and finds the matching openings through it; A publishes a project, B finds it in the
// gallery, A unpublishes it and it is gone.  Every page passes axe-core
// and the Nu HTML checker.  Run from this directory: `node people.mjs`
// (`make browser` runs it).  Screenshots go to artifacts/people-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  useApp, base, dbUrl, tmp, root, expect404, newUser, newPage, signup, axeCheck, vnuCheck,
  cookieHeader, alignplan, shot, shotOf, promptAbout,
} from './harness.mjs';

useApp({ args: ['--load', join(root, 'content/agendas.md')] });

const served = new Map();   // name -> HTML as served, for the Nu checker
const axeFound = [];

// The page as the server sends it to this person, for the Nu checker.
async function keep(p, name) {
  const r = await fetch(page_url(p.page), { headers: { cookie: await cookieHeader(p.context) } });
  assert.equal(r.status, 200, `${name}: ${r.status}`);
  served.set(name, await r.text());
  await axeCheck(p.page, `people-${name}`, axeFound);
}
const page_url = (page) => page.url();

async function go(p, path) {
  await p.page.goto(`${base}${path}`);
}

// Click a form's button and wait for its POST's answer and the page it
// leads to (which may be the page it was on).
async function submit(p, button, url) {
  await Promise.all([
    p.page.waitForResponse((r) => r.request().method() === 'POST'),
    p.page.getByRole('button', { name: button, exact: true }).click(),
  ]);
  await p.page.waitForURL(url);
  await p.page.waitForLoadState();
}

async function profile(p, offers, wants) {
  await go(p, '/people/profile');
  assert.match(await p.page.locator('main').textContent(), /not in the directory/);
  await p.page.getByLabel('Put me in the people directory').check();
  await p.page.getByLabel('Interpretability', { exact: true }).check();
  await p.page.getByLabel('Roles you aim at').fill('Research engineer');
  await p.page.getByLabel('Skills you offer').fill(offers);
  await p.page.getByLabel('Skills you want').fill(wants);
  await p.page.getByLabel('a project partner or team').check();
  await submit(p, 'Save profile', `${base}/people`);
}

test('two people opt in, meet, team up; the board and the gallery', { timeout: 600000 }, async () => {
  const a = await newPage({ bypassCSP: true }), b = await newPage({ bypassCSP: true });
  a.user = newUser('Ada'); b.user = newUser('Bo');
  try {
    await signup(a.page, a.user);
    await signup(b.page, b.user);

    // Off by default: B sees nothing of A before either opts in.
    await go(b, '/people');
    assert.match(await b.page.locator('main').textContent(), /off until you opt in/);
    await keep(b, 'not-opted');
    await go(a, '/people/profile');
    await keep(a, 'profile-form');
    await profile(a, 'Python', 'Statistics');
    await profile(b, 'Statistics', 'Python');

    // Each is suggested to the other, with the reasons.
    for (const [me, them] of [[a, b], [b, a]]) {
      await go(me, '/people');
      const s = me.page.locator('section.suggestion', { hasText: them.user.name });
      await s.waitFor();
      const reasons = await s.locator('ul.reasons').textContent();
      assert.match(reasons, /You both work on Interpretability/);
      assert.match(reasons, /You both look for a project partner/);
    }
    await keep(a, 'people');
    await shot(a.page, 'people-suggestions');

    // A asks for an intro; B accepts; only then the emails show.
    await a.page.locator('section.suggestion', { hasText: b.user.name }).getByRole('link').first().click();
    await a.page.waitForURL(/\/people\/\d+$/);
    const bUrl = a.page.url();
    assert.doesNotMatch(await a.page.content(), new RegExp(b.user.email));
    await keep(a, 'person');
    await submit(a, 'Request an intro', bUrl);
    // B is notified (in-app here; by mail too, as B chose).
    await go(b, '/notifications');
    assert.match(await b.page.locator('main').textContent(),
      new RegExp(`${a.user.name} asks to be introduced to you`));
    await keep(b, 'notifications');
    await go(b, '/people');
    const req = b.page.locator('ul.intros li', { hasText: a.user.name });
    assert.match(await req.textContent(), /They asked to be introduced to you/);
    assert.doesNotMatch(await b.page.content(), new RegExp(a.user.email));
    await Promise.all([b.page.waitForResponse((r) => r.request().method() === 'POST'),
      req.getByRole('button', { name: 'Accept' }).click()]);
    await b.page.waitForURL(/\/people\/\d+$/);
    await b.page.waitForLoadState();
    assert.match(await b.page.locator('main').textContent(), new RegExp(a.user.email));
    await go(a, '/people');
    assert.match(await a.page.locator('ul.intros').textContent(), new RegExp(`${b.user.email}`));

    // A proposes a team, B asks to join, A accepts.
    await go(a, '/teams');
    await keep(a, 'teams');
    await a.page.getByLabel('Title').fill('Probing for deception');
    await a.page.getByLabel('What it is about').fill('Linear probes on a small model; looking for one more person.');
    await submit(a, 'Propose', /\/teams\/\d+$/);
    const teamUrl = a.page.url();
    await go(b, '/teams');
    await Promise.all([b.page.waitForURL(teamUrl), b.page.getByRole('link', { name: 'Probing for deception' }).click()]);
    await submit(b, 'Ask to join', teamUrl);
    await a.page.goto(teamUrl);
    await submit(a, `Accept ${b.user.name}`, teamUrl);
    await b.page.goto(teamUrl);
    assert.ok(await b.page.getByRole('button', { name: 'Leave the team' }).isVisible());
    // A shares a plan of theirs with the team; B, a member, opens it.
    const planOption = a.page.locator('#f-plan option', { hasText: 'Make your project awesome' });
    await a.page.getByLabel('Share a plan of yours').selectOption(await planOption.getAttribute('value'));
    await submit(a, 'Share', /\/teams\/\d+/);
    await b.page.goto(teamUrl);
    await keep(b, 'team');
    await Promise.all([b.page.waitForURL(/\/p\/\d+\/7\//),
      b.page.locator('#plan ~ p a', { hasText: 'Make your project awesome' }).click()]);
    await keep(b, 'team-plan');

    // The board: openings imported while the server runs.
    const csv = join(tmp, 'openings.csv');
    writeFileSync(csv, 'title,organisation,url,agendas,roles,location,remote,deadline\n'
      + 'Interpretability engineer,Lab A,https://example.org/a,interpretability,Research engineer,London,yes,2099-01-31\n'
      + 'Interpretability intern,Lab D,https://example.org/d,interpretability,Research engineer,Berlin,no,2099-02-28\n'
      + 'Policy fellow,Institute B,https://example.org/b,governance,Policy or governance researcher,Washington,yes,2099-03-01\n'
      + 'Expired,Lab C,https://example.org/c,interpretability,Research engineer,Remote,yes,2020-01-01\n');
    const imp = await alignplan(['import', '--opportunities', '--db', dbUrl, csv]);
    assert.equal(imp.code, 0, imp.stderr);
    await go(a, '/opportunities');
    assert.equal(await a.page.locator('ul.board li.opening').count(), 3, 'the expired one is not shown');
    // For your plan: ranked by A's profile (Interpretability, research
    // engineer) and, once ticked, a role of A's career plan, each with
    // the reason; the expired one is not ranked.
    await go(a, '/s/7/e/make-your-career-awesome');
    await promptAbout(a.page, /roles.*5-10 years/).getByLabel('Policy or governance researcher').check();
    await Promise.all([a.page.waitForURL(/\?saved=1$/),
      a.page.getByRole('button', { name: 'Save answers' }).click()]);
    await go(a, '/opportunities');
    const forPlan = a.page.locator('section', { has: a.page.locator('h2#for-plan') });
    assert.deepEqual(await forPlan.locator('li.opening > a').allTextContents(),
      ['Interpretability engineer', 'Interpretability intern', 'Policy fellow']);
    const why = await forPlan.locator('li.opening .why').allTextContents();
    assert.equal(why[0], 'On Interpretability, which your profile picks (+30); '
      + 'for research engineer, a role in your profile (+20); remote (+5).');
    assert.equal(why[2], 'For policy or governance researcher, a role in your career plan (+20); remote (+5).');
    await shotOf(forPlan, 'people-for-your-plan');
    await keep(a, 'board-for-plan');
    await a.page.getByLabel('Research agenda').selectOption('interpretability');
    await a.page.getByLabel('Remote only').check();
    await Promise.all([a.page.waitForURL(/\/opportunities\?/),
      a.page.getByRole('button', { name: 'Filter', exact: true }).click()]);
    const titles = () => a.page.locator('ul.board li.opening > a').allTextContents();
    assert.deepEqual(await titles(), ['Interpretability engineer']);
    await a.page.getByLabel('Save this filter as').fill('Remote interpretability');
    await submit(a, 'Save filter', /\/opportunities\?/);
    await go(a, '/opportunities');
    assert.equal(await a.page.locator('ul.board li.opening').count(), 3);
    await Promise.all([a.page.waitForURL(/agenda=interpretability/),
      a.page.getByRole('link', { name: 'Remote interpretability' }).click()]);
    assert.deepEqual(await titles(), ['Interpretability engineer']);
    // By location: a part of it, any case.
    await go(a, '/opportunities');
    await a.page.getByLabel('Location').fill('berl');
    await Promise.all([a.page.waitForURL(/location=berl/),
      a.page.getByRole('button', { name: 'Filter', exact: true }).click()]);
    assert.deepEqual(await titles(), ['Interpretability intern']);
    await keep(a, 'board');

    // The gallery: A publishes, B finds it, A unpublishes, it is gone.
    await go(a, '/gallery');
    await Promise.all([a.page.waitForURL(/\/publish$/),
      a.page.getByRole('link', { name: /Make your project awesome/ }).click()]);
    await keep(a, 'publish-form');
    await a.page.getByLabel('Title').fill('Probing for deception');
    await a.page.getByLabel('Summary').fill('We trained *linear probes* on GPT-2 small.');
    await a.page.getByLabel('Link to the work').fill('https://example.org/probes');
    await a.page.getByLabel('Published').check();
    await submit(a, 'Save', /\/gallery\/\d+\/7\//);
    const projectUrl = a.page.url();
    await go(b, '/gallery');
    await Promise.all([b.page.waitForURL(projectUrl), b.page.getByRole('link', { name: 'Probing for deception' }).click()]);
    assert.match(await b.page.locator('main').textContent(), /linear probes/);
    await keep(b, 'project');
    await keep(b, 'gallery-page');
    await a.page.goto(projectUrl.replace(/\/gallery\/\d+\/7\/(.*)$/, '/s/7/e/$1/publish'));
    await a.page.getByLabel('Published').uncheck();
    await submit(a, 'Save', `${base}/gallery`);
    await go(b, '/gallery');
    assert.equal(await b.page.getByRole('link', { name: 'Probing for deception' }).count(), 0);
    expect404.add(new URL(projectUrl).pathname);
    const gone = await fetch(projectUrl, { headers: { cookie: await cookieHeader(b.context) } });
    assert.equal(gone.status, 404);
    await keep(b, 'gallery');

    assert.deepEqual(axeFound, [], `axe-core:\n  ${axeFound.join('\n  ')}`);
    await vnuCheck(served, 'people-html');
    assert.deepEqual(a.errors, []);
    assert.deepEqual(b.errors, []);
  } finally {
    await a.context.close();
    await b.context.close();
  }
});
