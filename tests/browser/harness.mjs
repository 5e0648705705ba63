// Shared set-up of the browser tests (run.mjs, plans.mjs, ...): a real
// alignplan server on a free port with a fresh database, Debian's headless
// Chromium through playwright-core, and the checks every test file uses
// (axe-core, the W3C Nu HTML checker, screenshots).  Not a test file.
//
// A test file calls useApp() once at top level; it registers node:test's
// before/after hooks.  `base`, `browser`, `tmp`, `dbPath` and `dbUrl` are
// live bindings: read them inside tests, not at import time.
//
// With ALIGNPLAN_TEST_DB set to a postgres:// URL (make test, under
// tests/with-pg.sh), the server runs on a fresh schema of that database
// instead of an SQLite file: dbUrl is its URL (the CLI's --db), and sql()
// runs a statement on it, whichever it is.

import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, rmSync, readFileSync, writeFileSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = resolve(here, '../..');
export const binary = join(root, 'alignplan');
// ALIGNPLAN_SESSION=../fixtures/session-07-plans.md runs the tests on
// another session 7 (there, one with every field kind annotated).
export const sessionFile = process.env.ALIGNPLAN_SESSION ? resolve(process.env.ALIGNPLAN_SESSION)
  : join(root, 'content/session-07.md');
export const artifacts = join(here, 'artifacts');
export const axePath = join(here, 'node_modules/axe-core/axe.min.js');
export const vnuJar = join(here, 'node_modules/vnu-jar/build/dist/vnu.jar');

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu',
  '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-quic', '--disable-sync'];

export const FORM = 'application/x-www-form-urlencoded';

// Live bindings, set by useApp()'s before hook.
export let tmp, base, browser, dbPath, dbUrl, serverLog;
const pgBase = /^postgres(ql)?:\/\//.test(process.env.ALIGNPLAN_TEST_DB ?? '')
  ? process.env.ALIGNPLAN_TEST_DB : null;
const psql = '/usr/lib/postgresql/15/bin/psql';
let server;
let users = 0;
// Paths whose 4xx replies a test expects; newPage() records any other.
export const expect404 = new Set();

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

export function readLog() {
  try { return readFileSync(serverLog, 'utf8'); } catch { return '(no log)'; }
}

// ---------------------------------------------------------------- server

export async function startServer({ session = sessionFile, args = [] } = {}) {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run 'make alignplan' first`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  serverLog = join(tmp, 'server.log');
  dbPath = join(tmp, 'test.db');
  dbUrl = `sqlite:${dbPath}`;
  if (pgBase) {
    const schema = `browser_${process.pid}_${port}`;
    execFileSync(psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', pgBase, '-c',
      `SET client_min_messages = warning; DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`]);
    dbUrl = `${pgBase}${pgBase.includes('?') ? '&' : '?'}options=-csearch_path%3D${schema}`;
  }
  const log = openSync(serverLog, 'a');
  server = spawn(binary, ['serve', '--db', dbUrl,
    '--listen', `127.0.0.1:${port}`, '--load', session, '--threads', '2', ...args],
  { stdio: ['ignore', log, log] });
  let exited = null;
  server.on('exit', (code, sig) => { exited = `exit code ${code}, signal ${sig}`; });
  server.on('error', (e) => { exited = e.message; });
  const deadline = Date.now() + 15000;
  for (;;) {
    if (exited) throw new Error(`alignplan exited at start (${exited}):\n${readLog()}`);
    try {
      const r = await fetch(`${base}/login`);
      await r.arrayBuffer();
      if (r.status === 200) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error(`alignplan did not answer in 15 s:\n${readLog()}`);
    await sleep(100);
  }
}

export async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const gone = new Promise((r) => server.once('exit', r));
  server.kill('SIGTERM');
  const t = setTimeout(() => server.kill('SIGKILL'), 5000);
  await gone;
  clearTimeout(t);
}

export function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

// Registers the hooks: a temp dir, the server, the browser; all gone after.
// options: { session, args } for the server.
export function useApp(options = {}) {
  before(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'alignplan-browser-'));
    mkdirSync(artifacts, { recursive: true });
    await startServer(options);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close().catch(() => {});
    await stopServer();
    if (process.exitCode) console.error(`--- alignplan log (${serverLog})\n${readLog()}`);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });
}

// Runs one SQL statement on the test database (sqlite3 or psql), for a
// test that must change what no page can (ageing saved answers).
export function sql(statement) {
  const [cmd, args] = pgBase ? [psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', dbUrl, '-c', statement]]
    : ['sqlite3', ['-cmd', '.timeout 5000', dbPath, statement]];
  return new Promise((ok, fail) => execFile(cmd, args, (err, stdout, stderr) =>
    (err ? fail(new Error(`${cmd}: ${stderr || err.message}`)) : ok(stdout))));
}

// Runs ./alignplan with args (the CLI, on the test database if asked via
// dbUrl); resolves to { code, stdout, stderr } whatever the exit code.
export function alignplan(args, { input } = {}) {
  return new Promise((ok, fail) => {
    const child = execFile(binary, args, { maxBuffer: 64 * 1024 * 1024, cwd: root }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') return fail(err);
      ok({ code: err?.code ?? 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
  });
}

// ---------------------------------------------------------------- pages

export function newUser(label) {
  users++;
  return { name: `${label} ${users}`, email: `${label.toLowerCase().replace(/\W+/g, '-')}-${users}-${process.pid}@example.org`, password: 'correct horse battery' };
}

// Poll fn until it returns a truthy value (and not { ok: false }); fail
// with what it saw last.
export async function eventually(fn, what, timeout = 5000) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last && last.ok !== false) return last;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last saw ${JSON.stringify(last?.seen ?? last)}`);
    await sleep(50);
  }
}

export async function textMatches(locator, re, what, timeout) {
  return eventually(async () => {
    const seen = (await locator.textContent()) ?? '';
    return { ok: re.test(seen), seen };
  }, `${what} to match ${re}`, timeout);
}

// A fresh context and page; errors collects page errors, console errors,
// HTTP replies >= 400 and dialogs, so a test can assert it stays empty.
export async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 }, ...options });
  context.setDefaultTimeout(8000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  // Failed loads are recorded by URL below; the browser's own console line
  // for them says no more.  /favicon.ico is a 404: the app has none.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (r.status() >= 400 && path !== '/favicon.ico' && !expect404.has(path)) errors.push(`HTTP ${r.status()} for ${r.request().method()} ${path}`);
  });
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return { context, page, errors };
}

export async function signup(page, user) {
  await page.goto(`${base}/signup`);
  await page.fill('#name', user.name);
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await Promise.all([
    page.waitForURL(`${base}/s/7`),
    page.getByRole('button', { name: 'Sign up' }).click(),
  ]);
  assert.equal(await page.locator('h1').textContent(), 'Session 7: Contributing to AI Alignment');
}

// A full-page screenshot to artifacts/<name>.png, or of one element.
export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
}
export async function shotOf(locator, name) {
  await locator.screenshot({ path: join(artifacts, `${name}.png`) });
}

// Wait until app.js has no edit pending and no save in flight.
export async function settled(page) {
  await page.waitForFunction(() => !document.querySelector('[data-dirty="1"]') &&
    document.documentElement.dataset.saving !== '1', null, { timeout: 5000 });
}

// The test clock: timers and Date in the page run only when the test says
// (page.clock.runFor / fastForward).  time: where the clock starts.
export async function installClock(page, time) {
  await page.clock.install(time === undefined ? undefined : { time });
}

// A prompt by the words of its question, so tests survive new prompt ids.
export const promptAbout = (page, words) => page.locator('fieldset.prompt').filter({
  has: page.locator('legend', { hasText: words }),
});

// ---------------------------------------------------------------- checks

// Runs axe-core on the page as it is (the context needs bypassCSP: true);
// pushes "name: [impact] rule: help — nodes" to found; takes a screenshot.
export async function axeCheck(page, name, found) {
  await page.addScriptTag({ path: axePath });
  const { violations, passes } = await page.evaluate(async () => {
    const r = await window.axe.run(document);
    return { passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })) };
  });
  assert.ok(passes >= 10, `axe ran only ${passes} passing rules on ${name}`);
  for (const v of violations) found.push(`${name}: [${v.impact}] ${v.id}: ${v.help} — ${v.nodes.join(' | ')}`);
  await shot(page, name);
}

// Runs vnu.jar once over files; resolves to its exit code and messages.
export function vnu(files) {
  return new Promise((ok, fail) => {
    execFile('java', ['-jar', vnuJar, '--errors-only', '--format', 'json', ...files],
      { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') return fail(new Error(`cannot run java (openjdk-17-jre-headless): ${err.message}`));
        const out = [stdout, stderr].find((s) => s.trim().startsWith('{'));
        if (!out) return fail(new Error(`vnu printed no JSON (exit ${err?.code ?? 0}):\n${stdout}${stderr}`));
        ok({ code: err?.code ?? 0, messages: JSON.parse(out).messages });
      });
  });
}

// Writes pages (a Map of name -> HTML as served) to artifacts/<dir>/ and
// checks them all in one vnu run, with a page it must find invalid first
// (so the check can fail).  Fails the test on any error.
export async function vnuCheck(pages, dir = 'html') {
  assert.ok(existsSync(vnuJar), `${vnuJar} is missing: run 'npm ci' in tests/browser`);
  const out = join(artifacts, dir);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const all = new Map(pages);
  all.set('selftest-invalid', '<!doctype html><html lang="en"><head><meta charset="utf-8"></head>'
    + '<body><p><div>no title; a div in a p</div></body></html>\n');
  const files = [];
  for (const [name, html] of all) {
    files.push(join(out, `${name}.html`));
    writeFileSync(files.at(-1), html);
  }
  const { code, messages } = await vnu(files);
  const found = [];
  let selftest = 0;
  for (const m of messages) {
    const name = decodeURIComponent(m.url ?? '').split('/').pop();
    if (name === 'selftest-invalid.html') { selftest++; continue; }
    const at = m.lastLine ? `:${m.lastLine}.${m.firstColumn ?? m.lastColumn}` : '';
    found.push(`${name}${at}: ${m.type}${m.subType ? `/${m.subType}` : ''}: ${m.message}${m.extract ? ` — ${JSON.stringify(m.extract)}` : ''}`);
  }
  assert.ok(selftest > 0 && code !== 0, `vnu found nothing wrong with artifacts/${dir}/selftest-invalid.html (exit ${code})`);
  assert.equal(found.length, 0, `vnu: ${found.length} errors in the ${pages.size} pages in artifacts/${dir}/:\n  ${found.join('\n  ')}`);
}

// ---------------------------------------------------------------- HTTP level

export function setCookies(res) {
  return res.headers.getSetCookie();
}

export function cookieValue(res, name) {
  const c = setCookies(res).find((s) => s.startsWith(`${name}=`));
  return c ? c.slice(name.length + 1).split(';')[0] : null;
}

export const csrfOf = (html) => html.match(/name="csrf" value="([0-9a-f]+)"/)[1];

// A cookie header for fetch() with the login of a browser context.
export async function cookieHeader(context) {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

// Signs a new user up by fetch; returns the user, the cookie header and
// the CSRF token (of the career exercise page, which it loads).
export async function httpSignup(label = 'Http') {
  const user = newUser(label);
  let r = await fetch(`${base}/signup`);
  const pre = cookieValue(r, 'ap_pre');
  const csrf = csrfOf(await r.text());
  assert.ok(pre, 'GET /signup sets ap_pre');
  r = await fetch(`${base}/signup`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: `ap_pre=${pre}`, 'content-type': FORM },
    body: new URLSearchParams({ csrf, name: user.name, email: user.email, password: user.password }),
  });
  await r.arrayBuffer();
  assert.equal(r.status, 303);
  const sessionCookie = setCookies(r).find((s) => s.startsWith('ap_session='));
  const cookie = `ap_session=${cookieValue(r, 'ap_session')}`;
  r = await fetch(`${base}/s/7/e/make-your-career-awesome`, { headers: { cookie } });
  assert.equal(r.status, 200);
  const html = await r.text();
  return {
    user, cookie, sessionCookie, preCookie: setCookies(r),
    csrf: csrfOf(html),
    textPids: [...html.matchAll(/<textarea name="a\.([^"]+)"/g)].map((m) => m[1]),
  };
}
