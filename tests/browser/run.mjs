// End-to-end tests of alignplan: a real server with a fresh database, driven
// by Debian's headless Chromium through playwright-core, plus a few checks
// at the HTTP level with fetch.  Builds nothing: `make browser` builds
// ./alignplan first.  Run from this directory: `node run.mjs`.
//
// Screenshots of every page go to artifacts/ (gitignored); look at them.
// The HTML of every page, as served, goes to artifacts/html/ and through
// the W3C Nu HTML checker (vnu.jar from npm's vnu-jar, run by Debian's Java).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  useApp, base, expect404, newUser, eventually, textMatches, newPage, signup, shot, settled,
  promptAbout, axeCheck, vnuCheck, FORM, setCookies, httpSignup, vnuJar,
} from './harness.mjs';

const XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">';
const CAREER = 'Make your career awesome';

expect404.add('/nope');
useApp();

// ---------------------------------------------------------------- helpers

async function exerciseLinks(page) {
  return page.locator('ul.exercises a').evaluateAll((as) =>
    as.map((a) => ({ title: a.textContent, href: a.getAttribute('href') })));
}

// The first prompt answered by a textarea, and the first list prompt.
const textPrompt = (page) => page.locator('fieldset.prompt:has(textarea:not(.grow))').first();
const listPrompt = (page) => page.locator('fieldset.prompt:has(ol.items):not(:has(ul.options))').first();
const PROJECT = 'Make your project awesome';

// ---------------------------------------------------------------- browser tests

test('a. sign up, autosave a note and answers, reload and see them', async () => {
  const { context, page, errors } = await newPage();
  try {
    const user = newUser('Ada');
    await signup(page, user);
    const reading = page.locator('article.reading').first();
    const rid = await reading.getAttribute('id');
    assert.match(rid, /^r-/);
    const note = `My note on this reading, ${Date.now()} — with ünïcode.`;
    await reading.locator('textarea[name=notes]').fill(note);
    await textMatches(reading.locator('.status'), /^Saved at \d\d:\d\d/, 'the note autosave status');
    await reading.getByLabel('I have done this reading').check();
    await textMatches(reading.locator('.status'), /^Saved at/, 'the done mark autosave status');

    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    const exUrl = page.url();
    const fs = textPrompt(page);
    const pid = (await fs.getAttribute('id')).slice(2);
    const answer = `Line one of my answer\nLine two, ${Date.now()} & <b>not bold</b>`;
    await fs.locator('textarea').fill(answer);
    await textMatches(fs.locator('.status'), /^Saved at/, 'the prompt autosave status');
    const lf = listPrompt(page);
    const lpid = (await lf.getAttribute('id')).slice(2);
    await lf.locator('ol.items input').nth(0).fill('Research engineer');
    await lf.locator('ol.items input').nth(1).fill('Policy analyst');
    await textMatches(lf.locator('.status'), /^Saved at/, 'the list prompt autosave status');
    await shot(page, 'a-exercise-autosaved');

    await page.reload();
    assert.equal(await page.locator(`#p-${pid} textarea`).inputValue(), answer);
    assert.deepEqual(await page.locator(`#p-${lpid} input[type=text]`).evaluateAll((is) => is.map((i) => i.value).filter(Boolean)),
      ['Research engineer', 'Policy analyst']);
    await page.goto(`${base}/s/7`);
    assert.equal(await page.locator(`#${rid} textarea[name=notes]`).inputValue(), note);
    assert.equal(await page.locator(`#${rid} input[name=done]`).isChecked(), true);
    // The progress bar counts the reading; the two prompts, both
    // optional, are counted apart, so the totals never move.
    assert.equal(await page.locator('#session-progress').getAttribute('value'), '1');
    assert.match(await page.locator('.progress span').first().textContent(), /optional prompts: 2 of \d+ answered/);
    assert.match(await page.locator('ul.exercises li', { hasText: CAREER }).textContent(), /0 of \d+ answered · optional: 2 of \d+/);
    // Log out and back in: the work is still there.
    await Promise.all([page.waitForURL(`${base}/login`), page.getByRole('button', { name: 'Log out' }).click()]);
    await page.goto(exUrl);
    assert.equal(page.url(), `${base}/login?next=${new URL(exUrl).pathname}`,
      'a logged-out visitor is sent to log in, and back afterwards');
    await page.fill('#email', user.email);
    await page.fill('#password', 'not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await textMatches(page.locator('p.error[role=alert]'), /do not match/, 'the wrong-password message');
    assert.deepEqual(errors.splice(0), ['HTTP 401 for POST /login']);
    await page.fill('#password', user.password);
    await Promise.all([page.waitForURL(exUrl), page.getByRole('button', { name: 'Log in' }).click()]);
    assert.equal(await page.locator(`#p-${pid} textarea`).inputValue(), answer);
    await page.goto(`${base}/s/7`);
    assert.equal(await page.locator(`#${rid} textarea[name=notes]`).inputValue(), note);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('b. the same with JavaScript disabled: Save and Save answers', async () => {
  const { context, page, errors } = await newPage({ javaScriptEnabled: false });
  try {
    await signup(page, newUser('Noscript'));
    const reading = page.locator('article.reading').nth(1);
    const rid = await reading.getAttribute('id');
    const note = 'Saved without JavaScript.\nSecond line.';
    await reading.locator('textarea[name=notes]').fill(note);
    await reading.getByLabel('I have done this reading').check();
    await Promise.all([
      page.waitForURL(`${base}/s/7#${rid}`),
      reading.getByRole('button', { name: 'Save' }).click(),
    ]);
    assert.equal(await page.locator(`#${rid} textarea[name=notes]`).inputValue(), note);

    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    const exUrl = page.url().split('?')[0];
    // Without JS the timers stay hidden and there is no "Add item" button.
    assert.equal(await page.locator('.timer').first().isVisible(), false);
    assert.equal(await page.locator('button.add').count(), 0);
    const fs = textPrompt(page);
    const pid = (await fs.getAttribute('id')).slice(2);
    await fs.locator('textarea').fill('Answered with a plain form post.');
    const lf = listPrompt(page);
    const lpid = (await lf.getAttribute('id')).slice(2);
    await lf.locator('ol.items input').nth(0).fill('  First item  ');
    await lf.locator('ol.items input').nth(2).fill('Third box, second item');
    await Promise.all([
      page.waitForURL(`${exUrl}?saved=1`),
      page.getByRole('button', { name: 'Save answers' }).click(),
    ]);
    // The "Your answers were saved." flash is checked in b2 (a known bug).
    await shot(page, 'b-nojs-exercise-saved');

    await page.goto(exUrl);
    assert.equal(await page.locator('p.flash').count(), 0);
    assert.equal(await page.locator(`#p-${pid} textarea`).inputValue(), 'Answered with a plain form post.');
    assert.deepEqual(await page.locator(`#p-${lpid} input[type=text]`).evaluateAll((is) => is.map((i) => i.value)).then((v) => v.filter(Boolean)),
      ['First item', 'Third box, second item']);
    await page.goto(`${base}/s/7`);
    assert.equal(await page.locator(`#${rid} textarea[name=notes]`).inputValue(), note);
    assert.equal(await page.locator(`#${rid} input[name=done]`).isChecked(), true);
    await shot(page, 'b-nojs-session');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('c. the 5-minute timer counts down, pauses, resets and announces the end', async () => {
  const { context, page, errors } = await newPage();
  try {
    await page.clock.install();
    await signup(page, newUser('Timer'));
    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    const timer = page.locator('.timer').first();
    await timer.waitFor({ state: 'visible' });
    const clock = timer.locator('.clock');
    const announce = timer.locator('.announce');
    assert.equal(await clock.getAttribute('role'), 'timer');
    assert.equal(await announce.getAttribute('role'), 'alert');
    assert.equal(await clock.textContent(), '5:00');
    const start = timer.getByRole('button', { name: 'Start 5-minute timer' });
    const pause = timer.getByRole('button', { name: 'Pause' });
    const reset = timer.getByRole('button', { name: 'Reset' });
    assert.equal(await pause.isDisabled(), true);

    await start.click();
    await page.clock.runFor(10_000);
    assert.equal(await clock.textContent(), '4:50');
    await pause.click();
    await page.clock.runFor(60_000);
    assert.equal(await clock.textContent(), '4:50', 'pause stops the countdown');
    assert.equal(await timer.getByRole('button', { name: 'Resume' }).count(), 1);
    await timer.getByRole('button', { name: 'Resume' }).click();
    await page.clock.runFor(20_000);
    assert.equal(await clock.textContent(), '4:30');
    await reset.click();
    assert.equal(await clock.textContent(), '5:00', 'reset brings back 5:00');
    await page.clock.runFor(30_000);
    assert.equal(await clock.textContent(), '5:00', 'a reset timer stays stopped');

    await start.click();
    await page.clock.fastForward('04:59');
    assert.equal(await clock.textContent(), '0:01');
    assert.equal(await announce.textContent(), '');
    await page.clock.fastForward('00:02');
    assert.equal(await clock.textContent(), '0:00');
    assert.equal(await announce.textContent(), 'Time is up: you wrote 0 items in 5 minutes.');
    assert.equal(await timer.evaluate((el) => el.classList.contains('done')), true);
    await shot(page, 'c-timer-done');
    await reset.click();
    assert.equal(await clock.textContent(), '5:00');
    assert.equal(await announce.textContent(), '');
    assert.equal(await start.isEnabled(), true);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('d. markup typed into answers, notes and a name stays text', async () => {
  const { context, page, errors } = await newPage();
  try {
    const user = newUser('Mallory');
    user.name = `Mal<b>lory</b>${XSS}`;
    await signup(page, user);
    assert.equal(await page.locator('.top .who').textContent(), user.name);
    const reading = page.locator('article.reading').first();
    const rid = await reading.getAttribute('id');
    await reading.locator('textarea[name=notes]').fill(XSS);
    await textMatches(reading.locator('.status'), /^Saved at/, 'the note autosave status');
    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    const fs = textPrompt(page);
    const pid = (await fs.getAttribute('id')).slice(2);
    await fs.locator('textarea').fill(XSS);
    await textMatches(fs.locator('.status'), /^Saved at/, 'the prompt autosave status');
    const lf = listPrompt(page);
    const lpid = (await lf.getAttribute('id')).slice(2);
    const attrXss = `"><script>window.__xss=3</script><img src=x onerror="window.__xss=4">'`;
    await lf.locator('ol.items input').first().fill(attrXss);
    await textMatches(lf.locator('.status'), /^Saved at/, 'the list autosave status');

    const clean = async () => page.evaluate(() => ({
      xss: typeof window.__xss,
      scripts: [...document.querySelectorAll('script')].map((s) => s.getAttribute('src') ?? `inline:${s.textContent}`),
      handlers: document.querySelectorAll('[onerror]').length,
      imgs: document.querySelectorAll('img').length,
      bold: document.querySelectorAll('.top b, textarea b').length,
    }));
    const want = { xss: 'undefined', scripts: ['/static/app.js'], handlers: 0, imgs: 0, bold: 0 };
    await page.reload();
    assert.equal(await page.locator(`#p-${pid} textarea`).inputValue(), XSS);
    assert.equal(await page.locator(`#p-${lpid} ol.items input`).first().inputValue(), attrXss);
    assert.equal(await page.locator('.top .who').textContent(), user.name);
    assert.deepEqual(await clean(), want);
    await page.goto(`${base}/s/7`);
    assert.equal(await page.locator(`#${rid} textarea[name=notes]`).inputValue(), XSS);
    assert.deepEqual(await clean(), want);
    await shot(page, 'd-xss-session');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- a11y + screenshots

test('e+f. axe finds no violations on any page; screenshots of each', async () => {
  const found = [];
  // bypassCSP lets axe's script in; the pages themselves are unchanged.
  const { context, page, errors } = await newPage({ bypassCSP: true });
  try {
    // First, that the check can fail: a login form with its labels removed.
    await page.goto(`${base}/login`);
    await page.evaluate(() => document.querySelectorAll('label').forEach((l) => l.remove()));
    const broken = [];
    await axeCheck(page, 'selftest-login-without-labels', broken);
    assert.ok(broken.some((v) => v.includes(' label: ')), `axe missed unlabelled inputs: ${broken.join('; ')}`);

    await page.goto(`${base}/`);
    await axeCheck(page, 'home-visitor', found);
    await page.goto(`${base}/login`);
    await axeCheck(page, 'login', found);
    await page.goto(`${base}/signup`);
    await axeCheck(page, 'signup', found);
    await page.goto(`${base}/nope`);
    assert.match(await page.locator('h1').textContent(), /Not found/);
    await axeCheck(page, '404', found);

    await signup(page, newUser('Axe'));
    // Fill in a note, a done mark and answers first, so the pages carry them.
    const reading = page.locator('article.reading').first();
    await reading.locator('textarea[name=notes]').fill('A note for the accessibility check.');
    await textMatches(reading.locator('.status'), /^Saved at/, 'the note autosave status');
    await page.goto(`${base}/`);
    assert.equal(page.url(), `${base}/s/7`, '/ sends a logged-in user to the only session');
    await axeCheck(page, 'session-7', found);
    await page.goto(`${base}/account`);
    await axeCheck(page, 'account', found);
    await page.goto(`${base}/s/7`);
    const links = await exerciseLinks(page);
    assert.ok(links.length >= 2, `expected the exercises to be listed, got ${JSON.stringify(links)}`);
    for (const { href } of links) {
      const name = `exercise-${href.split('/').pop()}`;
      await page.goto(base + href);
      await axeCheck(page, `${name}-empty`, found);
      const prompts = page.locator('fieldset.prompt');
      const n = await prompts.count();
      for (let i = 0; i < n; i++) {
        const p = prompts.nth(i);
        if (await p.locator('textarea').count()) await p.locator('textarea').first().fill(`Answer ${i + 1}: a few sentences of thought.`);
        else if (await p.locator('input[type=checkbox]').count()) await p.locator('input[type=checkbox]').first().check();
        else if (await p.locator('input[type=text]').count()) await p.locator('input[type=text]').first().fill(`Item for prompt ${i + 1}`);
        // A ranking or rows taken from an empty prompt have nothing to fill.
        if (await p.locator('input[type=date]').count()) await p.locator('input[type=date]').first().fill('2026-12-04');
        const select = p.locator('select').first();
        if (await select.count() && await select.locator('option').count() > 1) await select.selectOption({ index: 1 });
      }
      // Let autosave catch up first: see test h for why.
      await settled(page);
      await Promise.all([
        page.waitForURL(/\?saved=1$/),
        page.getByRole('button', { name: 'Save answers' }).click(),
      ]);
      await axeCheck(page, name, found);
    }
    // The exercise page on a phone: nothing may stick out sideways.
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/s/7', links[0].href]) {
      await page.goto(base + path);
      const w = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
      if (w.scroll > w.view) found.push(`${path} at 375 px: page is ${w.scroll} px wide (horizontal scrolling)`);
      await shot(page, `mobile-${path.split('/').pop()}`);
    }
    assert.deepEqual(errors, []);
    assert.equal(found.length, 0, `axe and layout problems:\n  ${found.join('\n  ')}`);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- HTTP level

let httpUser;

test('g. HTTP: status codes, limits, CSRF and cookie flags', async () => {
  let r = await fetch(`${base}/nope`);
  assert.equal(r.status, 404);
  assert.match(await r.text(), /There is no page at this address/);
  r = await fetch(`${base}/`, { method: 'DELETE' });
  await r.arrayBuffer();
  assert.equal(r.status, 405);
  assert.match(r.headers.get('allow') ?? '', /GET/);
  r = await fetch(`${base}/logout`);
  await r.arrayBuffer();
  assert.equal(r.status, 405);
  assert.equal(r.headers.get('allow'), 'POST');
  r = await fetch(`${base}/static/app.js`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /javascript/);
  await r.arrayBuffer();
  r = await fetch(`${base}/login`);
  await r.arrayBuffer();
  assert.match(r.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  const pre = setCookies(r).find((s) => s.startsWith('ap_pre='));
  assert.match(pre, /;\s*HttpOnly/i);
  assert.match(pre, /;\s*SameSite=Lax/i);

  const u = httpUser = await httpSignup();
  assert.match(u.sessionCookie, /;\s*HttpOnly(;|$)/i, u.sessionCookie);
  assert.match(u.sessionCookie, /;\s*SameSite=Lax(;|$)/i, u.sessionCookie);
  assert.match(u.sessionCookie, /;\s*Path=\//i, u.sessionCookie);
  assert.ok(u.textPids.length > 0, 'the career exercise has text prompts');
  const pid = u.textPids[0];
  const url = `${base}/s/7/e/make-your-career-awesome`;
  const post = (body, extra = {}) => fetch(url, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: u.cookie, 'content-type': FORM, 'x-autosave': '1', ...extra },
    body,
  });

  // A good autosave first, so the rest are known to fail for their reason.
  r = await post(new URLSearchParams({ csrf: u.csrf, p: pid, [`a.${pid}`]: 'fine' }));
  assert.equal(r.status, 200);
  assert.equal(typeof (await r.json()).saved, 'number');

  // 403 without (or with a wrong) CSRF token; nothing is saved.
  r = await post(new URLSearchParams({ p: pid, [`a.${pid}`]: 'no csrf' }));
  assert.equal(r.status, 403);
  assert.match((await r.json()).error, /expired/);
  r = await post(new URLSearchParams({ csrf: '0'.repeat(32), p: pid, [`a.${pid}`]: 'bad csrf' }));
  assert.equal(r.status, 403);
  await r.arrayBuffer();

  // 422 for an answer over 64 KB, as JSON for autosave and as a page with the
  // text kept for a plain post.
  const long = 'x'.repeat(70 * 1024);
  r = await post(new URLSearchParams({ csrf: u.csrf, p: pid, [`a.${pid}`]: long }));
  assert.equal(r.status, 422);
  assert.match(r.headers.get('content-type'), /json/);
  assert.match((await r.json()).error, /longer than 64 KB/);
  r = await fetch(url, { method: 'POST', redirect: 'manual',
    headers: { cookie: u.cookie, 'content-type': FORM },
    body: new URLSearchParams({ csrf: u.csrf, p: pid, [`a.${pid}`]: long }) });
  assert.equal(r.status, 422);
  const page422 = await r.text();
  assert.match(page422, /longer than 64 KB/);
  assert.ok(page422.includes(long), 'the rejected text is given back in the form');
  r = await fetch(url, { headers: { cookie: u.cookie } });
  assert.match(await r.text(), new RegExp(`name="a\\.${pid}"[^>]*>fine</textarea>`), 'the saved answer is unchanged');

  // A logged-out autosave is refused, not redirected to a login page.
  r = await fetch(url, { method: 'POST', redirect: 'manual',
    headers: { 'content-type': FORM, 'x-autosave': '1' },
    body: new URLSearchParams({ csrf: u.csrf, p: pid, [`a.${pid}`]: 'x' }) });
  assert.equal(r.status, 403);
  await r.arrayBuffer();
  // Logged-out pages send to /login.
  r = await fetch(`${base}/s/7`, { redirect: 'manual' });
  await r.arrayBuffer();
  assert.equal(r.status, 303);
  assert.equal(r.headers.get('location'), '/login?next=/s/7');
});

// A body over 1 MB is answered 413, not dropped: the client is still
// sending when the limit is passed, so the server must read on to reply.
test('g2. HTTP: a 2 MB POST gets a 413 reply', async () => {
  const u = httpUser ?? await httpSignup();
  const url = `${base}/s/7/e/make-your-career-awesome`;
  for (const autosave of ['1', '']) {
    let r;
    try {
      r = await fetch(url, {
        method: 'POST', redirect: 'manual',
        headers: { cookie: u.cookie, 'content-type': FORM, 'x-autosave': autosave },
        body: `csrf=${u.csrf}&a=`.padEnd(2 * 1024 * 1024, 'y'),
      });
    } catch (e) {
      assert.fail(`a 2 MB POST (X-Autosave: ${autosave || 'none'}) got no reply: ${e.cause?.code ?? e.message}`);
    }
    assert.equal(r.status, 413);
    assert.match(await r.text(), /larger than 1 MB/);
  }
});

// The leave-page guard must not fire on the form's own submit: typing and
// pressing "Save answers" within the 800 ms autosave delay once brought up
// "Leave site?", and staying meant nothing was saved.
test('h. pressing Save answers right after typing submits without a leave-page warning', async () => {
  const { context, page, errors } = await newPage();
  try {
    await signup(page, newUser('Quick'));
    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    await textPrompt(page).locator('textarea').fill('Typed and saved at once.');
    await Promise.all([
      page.waitForURL(/\?saved=1$/, { timeout: 4000 }),
      page.getByRole('button', { name: 'Save answers' }).click(),
    ]);
    assert.equal(await textPrompt(page).locator('textarea').inputValue(), 'Typed and saved at once.');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// After the 303 to ?saved=1 the page confirms the save (libmicrohttpd hands
// over the path without its query, so the server rebuilds it).
test('b2. after Save answers the page says "Your answers were saved."', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  try {
    await signup(page, newUser('Flash'));
    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    await textPrompt(page).locator('textarea').fill('Saved with a flash.');
    await Promise.all([
      page.waitForURL(/\?saved=1$/),
      page.getByRole('button', { name: 'Save answers' }).click(),
    ]);
    assert.equal(await page.locator('p.flash').textContent({ timeout: 1000 }), 'Your answers were saved.');
    assert.equal(await page.locator('p.flash').getAttribute('role'), 'status');
  } finally {
    await context.close();
  }
});

// Every bullet of the session reaches the page, including the pre-mortem's
// four "considering:" risk areas, which are options of a list prompt.
test('i. every bullet of the session file reaches the exercise page', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  try {
    await signup(page, newUser('Content'));
    await page.goto(`${base}/s/7/e/make-your-project-awesome`);
    const text = await page.locator('main').innerText();
    for (const bullet of ['Whether you will set aside enough time for the project',
      'Whether your work is under version control and backed up']) {
      assert.ok(text.includes(bullet), `missing from the page: "${bullet}"`);
    }
  } finally {
    await context.close();
  }
});

// The sign-up name field is styled like the email and password fields.
test('j. the sign-up fields are styled alike', async () => {
  const { context, page } = await newPage();
  try {
    await page.goto(`${base}/signup`);
    const width = (sel) => page.locator(sel).evaluate((el) => el.getBoundingClientRect().width);
    assert.equal(await width('#name'), await width('#email'));
  } finally {
    await context.close();
  }
});

// Typed fields (docs/plans.md): only where the session declares them.
async function hasTypedFields(page) {
  return (await page.locator('fieldset.kind-table, fieldset.kind-rounds').count()) > 0;
}

// Roles by name: ticked where the prompt offers them, else typed (the
// session's roles are a checklist; the fixture's a list).
async function fillRoles(roles, names) {
  for (const name of names) {
    const box = roles.locator('ul.options label', { hasText: new RegExp(`^\\s*${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
    if (await box.count()) { await box.locator('input').check(); continue; }
    let empty = roles.locator('ol.items input[type=text]').filter({ hasNotText: /./ });
    const free = async () => {
      for (const i of await roles.locator('ol.items input[type=text]').all()) if (!(await i.inputValue())) return i;
      return null;
    };
    empty = await free();
    if (!empty) {
      await roles.locator('button.add').click();
      empty = await free();
    }
    await empty.fill(name);
  }
}

test('k. typed fields with JavaScript: rows, rankings, the timer count and the checks panel', async (t) => {
  const { context, page, errors } = await newPage();
  try {
    await page.clock.install();
    await signup(page, newUser('Planner'));
    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    if (!await hasTypedFields(page)) { t.skip('this session 7 has no typed fields'); return; }
    const roles = promptAbout(page, /roles.*5-10 years/);
    const panel = page.locator('#checks');
    assert.match(await panel.textContent(), /✗ To do:\s*Roles: 3 to 5\b/s);
    await fillRoles(roles, ['Research engineer', 'Policy <b>analyst</b>', 'Field builder']);
    await page.clock.runFor(1000);
    await textMatches(roles.locator('.status'), /^Saved at/, 'the roles autosave');
    // The panel is swapped in from the autosave reply ...
    await textMatches(panel, /✓ Done:\s*Roles: 3 to 5\b/, 'the checks panel after autosave');
    // ... and so are the fields whose rows are the roles.
    const tests = promptAbout(page, 'tell you how well you fit');
    await eventually(async () => {
      const seen = await tests.locator('.rowhead .item').allTextContents();
      return { ok: seen.length === 3, seen };
    }, 'the cheap-test rows to follow the roles');
    const excited = promptAbout(page, 'most excited');
    assert.deepEqual(await excited.locator('label.item').allTextContents(),
      ['Research engineer, rank', 'Policy <b>analyst</b>, rank', 'Field builder, rank']);
    await excited.getByRole('button', { name: 'Move Field builder up' }).click();
    await excited.getByRole('button', { name: 'Move Field builder up' }).click();
    await page.clock.runFor(1000);
    await textMatches(excited.locator('.status'), /^Saved at/, 'the ranking autosave');
    assert.equal(await tests.locator('[data-row]').count(), 3);
    await tests.getByLabel('Cheap test, for Research engineer').fill('A MATS stream');
    await tests.getByLabel('Hours, for Research engineer').fill('12.5');
    await tests.getByLabel('By when, for Research engineer').fill('2027-02-01');
    await page.clock.runFor(1000);
    await textMatches(tests.locator('.status'), /^Saved at/, 'the table autosave');

    // The timer counts what was written while it ran.
    const assets = promptAbout(page, 'career capital');
    const timer = assets.locator('.timer');
    await assets.locator('ol.items input').nth(0).fill('Python');
    await timer.getByRole('button', { name: /Start 5-minute timer/ }).click();
    await assets.locator('ol.items input').nth(1).fill('Statistics');
    await assets.locator('ol.items input').nth(2).fill('Teaching');
    await page.clock.fastForward('05:01');
    await textMatches(timer.locator('.announce'), /^Time is up: you wrote 2 items in 5 minutes\.$/, 'the timer announcement');
    assert.equal(await timer.locator('.announce').isVisible(), true);
    await page.clock.runFor(1000);
    await settled(page);
    await shot(page, 'k-career-typed');

    await page.reload();
    assert.deepEqual(await excited.locator('label.item').allTextContents(),
      ['Field builder, rank', 'Research engineer, rank', 'Policy <b>analyst</b>, rank']);
    assert.equal(await tests.getByLabel('Cheap test, for Research engineer').inputValue(), 'A MATS stream');
    assert.equal(await tests.getByLabel('Hours, for Research engineer').inputValue(), '12.5');
    // A ref column offers the cheap tests written above.
    const unsure = promptAbout(page, 'still unsure');
    if (await unsure.count()) {
      await unsure.getByLabel('Resolved by, row 1').selectOption('A MATS stream');
      await unsure.getByLabel('Uncertainty, row 1').fill('Do I like research?');
    }
    await page.clock.runFor(1000);
    await settled(page);

    // The project: goals, milestones with Add row and Remove, rounds, marks.
    await page.goto(page.url().replace(/\/e\/[^/?]+.*$/, '/e/make-your-project-awesome'));
    const goals = promptAbout(page, 'What goals');
    await goals.getByLabel(/Get good at a relevant skill/).check();
    await goals.getByLabel(/Create something/).check();
    const ms = promptAbout(page, 'Milestones');
    await ms.getByLabel('Milestone, row 1').fill('Read the three papers');
    await ms.getByLabel('By when, row 1').fill('2026-12-04');
    await ms.getByLabel('Hours, row 1').fill('6');
    await ms.getByRole('button', { name: 'Add row' }).click();
    assert.equal(await ms.locator('[data-row]').count(), 3);
    await ms.getByLabel('Milestone, row 3').fill('Write it up');
    await ms.getByRole('button', { name: 'Remove row 2' }).click();
    assert.equal(await ms.getByLabel('Milestone, row 2').inputValue(), 'Write it up');
    const pm = promptAbout(page, 'Pre-mortem');
    await pm.getByLabel('What went wrong, round 1').fill('Not enough time');
    await pm.getByLabel('Risk area, round 1').selectOption('Time');
    const ways = promptAbout(page, 'three ways');
    await ways.getByLabel('Way, row 1').fill('Replicate the paper');
    await ways.getByLabel('Simplest, row 1').check();
    // A ranking of your own items (in the fixture): type, move, add.
    const own = promptAbout(page, 'different idea').locator('ol.ranked:not(.fixed)');
    if (await own.count()) {
      await own.getByLabel('Item 1', { exact: true }).fill('A survey');
      await own.getByLabel('Item 2', { exact: true }).fill('A replication');
      await own.getByRole('button', { name: 'Move A replication up' }).click();
      await promptAbout(page, 'different idea').getByRole('button', { name: 'Add item' }).click();
      assert.equal(await own.locator('li').count(), 4);
      await own.getByLabel('Item 4', { exact: true }).fill('A tool');
    }
    await page.clock.runFor(1000);
    await settled(page);
    await shot(page, 'k-project-typed');
    await page.reload();
    assert.equal(await ms.getByLabel('Milestone, row 2').inputValue(), 'Write it up');
    assert.equal(await ms.getByLabel('Hours, row 1').inputValue(), '6');
    assert.equal(await ms.getByLabel('By when, row 1').inputValue(), '2026-12-04');
    assert.equal(await pm.getByLabel('Risk area, round 1').inputValue(), 'Time');
    assert.equal(await ways.getByLabel('Simplest, row 1').isChecked(), true);
    if (await own.count()) {
      assert.deepEqual(await own.locator('input[type=text]').evaluateAll((is) => is.map((i) => i.value)),
        ['A replication', 'A survey', 'A tool', '']);
    }
    // The rows of "fit" are the goals ticked.
    assert.equal(await promptAbout(page, 'how well does it serve').locator('[data-row]').count(), 2);
    await shot(page, 'k-project-reloaded');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('k2. typed fields without JavaScript: ranks typed and sorted, rows saved by one post', async (t) => {
  const { context, page, errors } = await newPage({ javaScriptEnabled: false });
  try {
    await signup(page, newUser('Nojs Planner'));
    await Promise.all([page.waitForURL(/\/s\/7\/e\//), page.getByRole('link', { name: CAREER }).click()]);
    if (!await hasTypedFields(page)) { t.skip('this session 7 has no typed fields'); return; }
    const exUrl = page.url().split('?')[0];
    const save = () => Promise.all([page.waitForURL(`${exUrl}?saved=1`),
      page.getByRole('button', { name: 'Save answers' }).click()]);
    const roles = promptAbout(page, /roles.*5-10 years/);
    await fillRoles(roles, ['Research scientist', 'Research engineer', 'Grantmaker']);
    await save();
    const excited = promptAbout(page, 'most excited');
    await excited.getByLabel('Research scientist, rank').fill('3');
    await excited.getByLabel('Research engineer, rank').fill('1');
    await excited.getByLabel('Grantmaker, rank').fill('2');
    await promptAbout(page, 'tell you how well you fit').getByLabel('Cheap test, for Grantmaker').fill('Shadow a grantmaker');
    await save();
    assert.deepEqual(await excited.locator('label.item').allTextContents(),
      ['Research engineer, rank', 'Grantmaker, rank', 'Research scientist, rank']);
    assert.equal(await promptAbout(page, 'tell you how well you fit').getByLabel('Cheap test, for Grantmaker').inputValue(), 'Shadow a grantmaker');
    assert.match(await page.locator('#checks').textContent(), /✓ Done:\s*Roles: 3 to 5\b/);
    await shot(page, 'k2-nojs-career');
    await page.goto(exUrl.replace(/make-your-career-awesome$/, 'make-your-project-awesome'));
    const ms = promptAbout(page, 'Milestones');
    await ms.getByLabel('Milestone, row 1').fill('Read');
    await ms.getByLabel('By when, row 1').fill('2026-12-04');
    await ms.getByLabel('Hours, row 1').fill('1.5');
    const ways = promptAbout(page, 'three ways');
    await ways.getByLabel('Way, row 1').fill('Ask an author');
    await ways.getByLabel('Simplest, row 2').check();
    await ways.getByLabel('Way, row 2').fill('Read the code');
    await Promise.all([page.waitForURL(/\?saved=1$/), page.getByRole('button', { name: 'Save answers' }).click()]);
    assert.equal(await ways.getByLabel('Simplest, row 1').isChecked(), false);
    assert.equal(await ways.getByLabel('Simplest, row 2').isChecked(), true);
    assert.equal(await ways.getByLabel('Way, row 2').inputValue(), 'Read the code');
    assert.equal(await ms.getByLabel('By when, row 1').inputValue(), '2026-12-04');
    await shot(page, 'k2-nojs-project');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- HTML validity

// Every distinct page the app serves, as served (the response body, not
// page.content(), which is the DOM re-serialised), through the W3C Nu HTML
// checker in one run.  Pages with content in them: notes, a done mark,
// answers, list items and ticked options, and text with markup in it.
// (It caught link URLs written into href= with raw "[" and "]": hrefs are
// now percent-encoded by html_hrefn.)
test('l. the account page: found by one\'s name in the header; a new password ends the other login', async () => {
  const one = await newPage(), two = await newPage();
  try {
    const user = newUser('Acct');
    await signup(one.page, user);
    await two.page.goto(`${base}/login`);
    await two.page.fill('#email', user.email);
    await two.page.fill('#password', user.password);
    await Promise.all([two.page.waitForURL(`${base}/s/7`), two.page.getByRole('button', { name: 'Log in' }).click()]);

    await Promise.all([one.page.waitForURL(`${base}/account`), one.page.getByRole('link', { name: user.name }).click()]);
    await one.page.fill('#current', user.password);
    await one.page.fill('#password', 'a brand new password');
    await one.page.fill('#again', 'a brand new password');
    await Promise.all([
      one.page.waitForURL(`${base}/account?done=password`),
      one.page.getByRole('button', { name: 'Change password' }).click(),
    ]);
    assert.match(await one.page.locator('.flash').textContent(), /password is changed/);
    await shot(one.page, 'l-account-changed');
    await two.page.goto(`${base}/s/7`);
    assert.equal(two.page.url(), `${base}/login?next=/s/7`, 'the other login has ended');
    await one.page.goto(`${base}/s/7`);
    assert.equal(one.page.url(), `${base}/s/7`, 'this one has not');
    assert.deepEqual([...one.errors, ...two.errors], []);
  } finally {
    await one.context.close();
    await two.context.close();
  }
});

test('every page is valid HTML', async () => {
  assert.ok(existsSync(vnuJar), `${vnuJar} is missing: run 'npm ci' in tests/browser`);
  const pages = new Map();
  const { context, page, errors } = await newPage({ javaScriptEnabled: false });
  try {
    const visit = async (name, path, status = 200) => {
      const r = await page.goto(base + path);
      assert.equal(r.status(), status, `GET ${path}`);
      pages.set(name, await r.text());
    };
    await visit('home-visitor', '/');
    await visit('signup', '/signup');
    await visit('404', '/nope', 404);
    await visit('login', '/login');
    await page.fill('#email', `nobody-${process.pid}@example.org`);
    await page.fill('#password', 'not the password');
    const [r401] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === `${base}/login`),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);
    assert.equal(r401.status(), 401);
    pages.set('login-401', await r401.text());
    assert.deepEqual(errors.splice(0), ['HTTP 401 for POST /login']);

    await signup(page, newUser('Valid <b>Vnu</b> & ünïcode'));
    await visit('session-7-empty', '/s/7');
    const reading = page.locator('article.reading').first();
    const rid = await reading.getAttribute('id');
    await reading.locator('textarea[name=notes]').fill('A note with <b>markup</b> & ünïcode.\nSecond line.');
    await reading.getByLabel('I have done this reading').check();
    await Promise.all([
      page.waitForURL(`${base}/s/7#${rid}`),
      reading.getByRole('button', { name: 'Save' }).click(),
    ]);
    await visit('session-7', '/s/7');
    const links = await exerciseLinks(page);
    assert.ok(links.length >= 2, `expected the exercises to be listed, got ${JSON.stringify(links)}`);
    let boxes = 0, items = 0;
    for (const { href } of links) {
      const name = `exercise-${href.split('/').pop()}`;
      await visit(`${name}-empty`, href);
      const prompts = page.locator('fieldset.prompt');
      const n = await prompts.count();
      for (let i = 0; i < n; i++) {
        const p = prompts.nth(i);
        for (const t of await p.locator('textarea:not(.grow)').all()) await t.fill(`Answer ${i + 1}: <b>not bold</b> & “quoted”.\nLine two.`);
        for (const c of (await p.locator('input[type=checkbox]').all()).slice(0, 2)) { await c.check(); boxes++; }
        for (const [j, t] of (await p.locator('ol.items input[type=text]').all()).slice(0, 2).entries()) {
          await t.fill(`Item ${j + 1} of prompt ${i + 1} "<i>"`);
          items++;
        }
        // Rows: a text cell, a date and a number, so typed cells are checked too.
        for (const t of (await p.locator('[data-row] input[type=text], [data-row] textarea').all()).slice(0, 2)) await t.fill(`Cell of prompt ${i + 1} <b>&</b>`);
        for (const t of (await p.locator('[data-row] input[type=date]').all()).slice(0, 1)) await t.fill('2026-12-24');
        for (const t of (await p.locator('[data-row] input[type=number]').all()).slice(0, 1)) await t.fill('2.5');
      }
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`${href}?saved=1`)),
        page.getByRole('button', { name: 'Save answers' }).click(),
      ]);
      assert.equal(saved.status(), 200);
      pages.set(`${name}-saved`, await saved.text());
      await visit(name, href);
    }
    assert.ok(boxes > 0 && items > 0, `expected ticked options (${boxes}) and list items (${items})`);

    await visit('account', '/account');

    // Error pages, by fetch with the same login.
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    const url = `${base}/s/7/e/make-your-career-awesome`;
    let r = await fetch(url, { headers: { cookie } });
    const html = await r.text();
    const csrf = html.match(/name="csrf" value="([0-9a-f]+)"/)[1];
    const pid = html.match(/<textarea name="a\.([^"]+)"/)[1];
    const post = (body) => fetch(url, { method: 'POST', redirect: 'manual',
      headers: { cookie, 'content-type': FORM }, body: new URLSearchParams(body) });
    r = await post({ csrf, p: pid, [`a.${pid}`]: 'x'.repeat(70 * 1024) });
    assert.equal(r.status, 422);
    pages.set('exercise-422', await r.text());
    r = await post({ p: pid, [`a.${pid}`]: 'no csrf' });
    assert.equal(r.status, 403);
    pages.set('403', await r.text());
    r = await fetch(`${base}/account/password`, { method: 'POST', redirect: 'manual',
      headers: { cookie, 'content-type': FORM },
      body: new URLSearchParams({ csrf, current: 'not it', password: 'long enough', again: 'long enough' }) });
    assert.equal(r.status, 422);
    pages.set('account-422', await r.text());
    r = await fetch(`${base}/nope`, { headers: { cookie } });
    assert.equal(r.status, 404);
    pages.set('404-logged-in', await r.text());
    r = await fetch(`${base}/`, { method: 'DELETE' });
    assert.equal(r.status, 405);
    pages.set('405', await r.text());
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }

  await vnuCheck(pages);
});
