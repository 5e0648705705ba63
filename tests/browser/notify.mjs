// Notifications in the browser (issue 12): in the cohort of _world.mjs,
// Björn mentions the facilitator in a comment on Ana's plan with
// JavaScript (typing "@Fac" offers the name, a click puts it in), then
// mentions Ana with JavaScript off (the server finds the name in the
// text); each sees the notification, with the unread count in the
// header, and the mention is marked on the plan.  A name that reaches
// nobody is said.  The new pages — the notifications list, the
// unsubscribe page (no login), the admin's outbox and one mail, the
// comment saved with an unknown name — pass axe-core and the Nu HTML
// checker.  The server runs without --smtp, so the mail is held and the
// admin reads it.  Run from this directory: `node notify.mjs`.
//
// Screenshots go to artifacts/notify/; look at them.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { useApp, base, artifacts, axeCheck, vnuCheck, eventually, FORM } from './harness.mjs';
import { buildWorld, contextFor, get, post, CAREER } from './_world.mjs';

useApp();

const out = join(artifacts, 'notify');
const served = new Map();
const axeFound = [];
let w;

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

// A page as `who` sees it: axe-core on it, its HTML kept for vnu, a
// screenshot in artifacts/notify/.
async function look(who, path, name, { js = true } = {}) {
  const context = await contextFor(who, 1000, { bypassCSP: true, javaScriptEnabled: js });
  const page = await context.newPage();
  const r = await page.goto(`${base}${path}`);
  assert.equal(r.status(), 200, `GET ${path}`);
  served.set(name, await r.text());
  await axeCheck(page, `notify/${name}`, axeFound);
  await context.close();
}

const planPath = () => `/p/${w.ids.a}/7/${CAREER}`;
const nameOf = (who) => who.user.name;

step('the cohort: Ana shares her plans with Björn and the facilitator', async () => {
  mkdirSync(out, { recursive: true });
  w = await buildWorld();
  assert.ok(w.ids.a);
});

step('with JavaScript: "@Fac" offers the facilitator, the mention is marked', async () => {
  const context = await contextFor(w.pb, 1000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}${planPath()}`);
  const fold = page.locator('details.add-comment').first();
  await fold.locator('summary').click();
  const form = fold.locator('form.comment-form');
  const area = form.locator('textarea[name=body]');
  await area.click();
  await area.pressSequentially('Could you look at this, @Fac');
  const offer = form.locator('.suggest button', { hasText: `@${nameOf(w.fac)}` });
  await offer.waitFor();
  await page.screenshot({ path: join(out, 'js-offer.png') });
  await offer.click();
  assert.equal(await area.inputValue(), `Could you look at this, @${nameOf(w.fac)} `);
  await area.pressSequentially('please?');
  await Promise.all([page.waitForURL(/#c-\d+$/), form.getByRole('button', { name: 'Add comment' }).click()]);
  const mark = page.locator('strong.mention', { hasText: `@${nameOf(w.fac)}` });
  assert.equal(await mark.count(), 1, 'the mention is marked once');
  await mark.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, 'js-marked.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

step('without JavaScript: "@Ana" typed by hand reaches Ana', async () => {
  const context = await contextFor(w.pb, 1000, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}${planPath()}`);
  const fold = page.locator('details.add-comment').nth(1);
  await fold.locator('summary').click();
  const form = fold.locator('form.comment-form');
  await form.locator('textarea[name=body]').fill(`@${nameOf(w.pa)}, no script needed <b>here</b>.`);
  await Promise.all([page.waitForURL(/#c-\d+$/), form.getByRole('button', { name: 'Add comment' }).click()]);
  const mark = page.locator('strong.mention', { hasText: `@${nameOf(w.pa)}` });
  assert.equal(await mark.count(), 1);
  assert.equal(await page.locator('p.comment-body', { hasText: 'no script needed <b>here</b>.' }).count(), 1,
    'the text around the mention is escaped');
  await context.close();
});

step('each sees the notification, the count in the header, and reads it', async () => {
  for (const [who, words] of [[w.fac, 'mentioned you'], [w.pa, 'mentioned you']]) {
    const context = await contextFor(who, 1000);
    const page = await context.newPage();
    await page.goto(`${base}/s/7`);
    const link = page.locator('header a[href="/notifications"]');
    assert.match(await link.textContent(), /Notifications \d+ unread/);
    await Promise.all([page.waitForURL(/\/notifications$/), link.click()]);
    const item = page.locator('ul.notices li.new', { hasText: `${nameOf(w.pb)} ${words}` });
    assert.equal(await item.count(), 1, `${nameOf(who)} has the mention`);
    await page.screenshot({ path: join(out, `list-${who === w.fac ? 'fac' : 'ana'}.png`), fullPage: true });
    await Promise.all([page.waitForURL(/\/notifications$/), page.getByRole('button', { name: 'Mark all as read' }).click()]);
    assert.equal(await page.locator('ul.notices li.new').count(), 0);
    assert.equal(await page.locator('header .count').count(), 0);
    // The notice leads to the plan.
    await Promise.all([page.waitForURL(/\/p\/\d+\/7\//), page.locator('ul.notices a', { hasText: 'mentioned you' }).first().click()]);
    await context.close();
  }
});

step('a name that reaches nobody is said, and left as text', async () => {
  const { text } = await post(w.pb, `${planPath()}/comments`,
    [['prompt', 'e1-roles'], ['body', 'And @Nobody Here?']], { status: 200 });
  assert.match(text, /@Nobody names nobody who can see this plan/);
  served.set('saved-unknown', text);
});

step('the new pages pass axe-core and the Nu HTML checker', async () => {
  await look(w.pa, '/notifications', 'notifications');
  await look(w.pb, planPath(), 'plan-with-mentions');
  await look(w.fac, '/admin/mail', 'outbox');
  const outbox = await get(w.fac, '/admin/mail');
  const id = outbox.match(/href="\/admin\/mail\/(\d+)"/)[1];
  await look(w.fac, `/admin/mail/${id}`, 'outbox-mail');
  const mail = await get(w.fac, `/admin/mail/${id}`);
  const token = mail.match(/unsubscribe\/(\d+-\d+-[0-9a-f]{32})/)[1];
  await look(null, `/unsubscribe/${token}`, 'unsubscribe');
  // The button works without a login.
  const context = await contextFor(null, 1000);
  const page = await context.newPage();
  await page.goto(`${base}/unsubscribe/${token}`);
  await Promise.all([page.waitForLoadState(), page.getByRole('button', { name: 'Stop this mail' }).click()]);
  await eventually(async () => (await page.locator('h1').textContent()) === 'Mail stopped', 'the stopped page');
  await page.screenshot({ path: join(out, 'unsubscribed.png') });
  await context.close();
  // RFC 8058's one click, as a mail program sends it: no cookie.
  const r = await fetch(`${base}/unsubscribe/${token}`, {
    method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': FORM },
  });
  assert.equal(r.status, 200);
  served.set('unsubscribed', await r.text());
  assert.deepEqual(axeFound, []);
  await vnuCheck(served, 'notify-html');
});
