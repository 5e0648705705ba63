// A cohort of session 7 built over plain HTTP (no browser, so it takes
// about a second): a facilitator (an admin from the CLI), two
// participants who joined by an invite, A with both plans filled (long
// answers, dates in tables, a milestone with a long name past the
// sprint's end) and shared, B who comments on A's plan and backs A, A's
// check-in, a final review under way; and C, who signed up and did
// nothing.  layout.mjs and edges.mjs look at every page of it.  Not a
// test file (the Makefile skips names starting with "_").

import assert from 'node:assert/strict';
import {
  base, browser, dbUrl, alignplan, newUser, httpSignup, cookieValue, csrfOf, FORM,
} from './harness.mjs';

export const CAREER = 'make-your-career-awesome';
export const PROJECT = 'make-your-project-awesome';
const DAY = 86400000;
export const iso = (t) => new Date(t).toISOString().slice(0, 10);
const today = Date.now();

// What A writes.  Sentences in cells, so that a table of them must wrap
// and scroll, and dates in every table that has a date column.
export const A = {
  roles: ['Research engineer', 'Policy or governance researcher', 'Grantmaker'],
  ownRole: 'Evaluations lead at a government AI safety institute',
  tests: [
    ['Pair on an ARENA notebook with a friend who works in interpretability', '10', iso(today + 20 * DAY)],
    ['Write a two-page policy memo on compute thresholds and ask a reviewer', '6', iso(today + 27 * DAY)],
    ['Shadow a regrantor for a week and write down how decisions get made', '8', iso(today + 34 * DAY)],
    ['Enter a jailbreak competition and compare my results with the leaders', '12', iso(today + 41 * DAY)],
  ],
  uncertainty: 'Would I enjoy research day to day, or only the idea of it, once the novelty has worn off?',
  assets: ['Python', 'Statistics', 'Teaching', 'PyTorch', 'Technical writing', 'Public speaking',
    'A maths degree', 'Two years of data engineering', 'Contacts at a safety lab', 'Running a reading group'],
  likes: ['Debugging hard problems until I understand why they happen', 'Status meetings that could have been an email'],
  pastJob: ['Data engineer at a hospital', 'The work mattered to people I could meet, and I owned a system end to end'],
  goalsNext: 'Ship one evaluation by spring and write about what it found.',
  skill: ['Interpretability', 'Policy writing', 'Few people can explain circuits to the regulators who need to understand them'],
  goals: ['Get good at a relevant skill that prepares you for a current or future role'],
  ownGoal: 'Learn to run evaluations on open-weight models',
  areas: ['Mechanistic interpretability', 'Evaluations'],
  questions: ['Do sparse probes find deception features?', 'How stable are SAE features across seeds?'],
  existing: 'The monosemanticity papers; the Apollo probes post.\nNo replication on open models yet.',
  ways: ['Replicate the probe result on an open-weight model', 'Ask an author of the original paper', 'Read the released code'],
  deliverable: 'A four-page report answering one question: do linear probes find the deception feature?',
  alternatives: ['A blog post series', 'Contribute to an evaluation library'],
  // Started ten days ago, four weeks of four hours (16 h).
  sprint: [iso(today - 10 * DAY), '4', '4'],
  milestones: [
    ['Read the three papers', iso(today - 5 * DAY), '4'],
    ['Replicate the probe result on GPT-2 small', iso(today + 4 * DAY), '6'],
    // Long, and due past the sprint's end: drawn in the late zone.
    ['Write up the replication with every ablation, figure and negative result we found', iso(today + 40 * DAY), '8'],
    // Wide characters, near the sprint's end: the label goes left.
    ['見直し: review the WRITE-UP with the reading group 🚀 and MMMM WWWW', iso(today + 16 * DAY), '2'],
  ],
  premortem: [
    ['Work ate my evenings and weekends for three weeks in a row', 'Book two fixed evenings a week in the calendar', 'Time'],
    ['No GPU for the 7B model', 'Ask for cloud credits in week one', 'Compute or model access'],
    ['The probe never trains', 'Try the tiny model first', 'Technical uncertainty'],
    ['Laptop died with the code on it', 'Push to GitHub daily', 'Version control and backups'],
  ],
  support: 'A weekly message from an accountability partner, and one pair-debugging hour.',
  checkinNote: 'Probe trains; accuracy 71 % on the held-out set.',
};

export const COMMENT = 'Which layer will you probe first?';

// A form POST with a cookie; fields is a list of [name, value] pairs (a
// name may repeat).  Resolves to the response, its body read as text.
export async function post(who, path, fields, { status } = {}) {
  const body = new URLSearchParams([['csrf', who.csrf], ...fields]);
  const r = await fetch(`${base}${path}`, {
    method: 'POST', redirect: 'manual', body,
    headers: { cookie: who.cookie, 'content-type': FORM },
  });
  const text = await r.text();
  if (status !== undefined) assert.equal(r.status, status, `POST ${path}: ${text.slice(0, 400)}`);
  else assert.ok(r.status < 400, `POST ${path}: ${r.status} ${text.slice(0, 400)}`);
  return { r, text };
}

export async function get(who, path) {
  const r = await fetch(`${base}${path}`, { headers: who ? { cookie: who.cookie } : {} });
  const text = await r.text();
  assert.equal(r.status, 200, `GET ${path}: ${text.slice(0, 400)}`);
  return text;
}

async function httpLogin(user) {
  let r = await fetch(`${base}/login`);
  const pre = cookieValue(r, 'ap_pre');
  const csrf = csrfOf(await r.text());
  r = await fetch(`${base}/login`, {
    method: 'POST', redirect: 'manual',
    headers: { cookie: `ap_pre=${pre}`, 'content-type': FORM },
    body: new URLSearchParams({ csrf, email: user.email, password: user.password }),
  });
  await r.arrayBuffer();
  assert.equal(r.status, 303, 'the facilitator logs in');
  const cookie = `ap_session=${cookieValue(r, 'ap_session')}`;
  const html = await (await fetch(`${base}/cohorts`, { headers: { cookie } })).text();
  return { user, cookie, csrf: csrfOf(html) };
}

// The fields of a table row: its marker, then one cell per column.
const row = (pid, cells) => [[`r.${pid}`, ''], ...cells.map((v, c) => [`t.${pid}.${c}`, v])];
const rows = (pid, list) => list.flatMap((cells) => row(pid, cells));

export async function fillCareer(who, a = A) {
  const roles = [...a.roles, a.ownRole];
  // (A session 7 without the past-job prompt still gets the rest.)
  const pastJob = (await get(who, `/s/7/e/${CAREER}`)).includes('value="e1-past-job"')
    ? [['p', 'e1-past-job'], ...row('e1-past-job', a.pastJob)] : [];
  await post(who, `/s/7/e/${CAREER}`, [
    ['p', 'e1-roles'], ...a.roles.map((r) => ['c.e1-roles', r]), ['l.e1-roles', a.ownRole],
    ['p', 'e1-tests'], ...rows('e1-tests', roles.map((r, i) => [r, ...a.tests[i]])),
    ['p', 'e1-assets'], ...a.assets.map((x) => ['l.e1-assets', x]),
    ['p', 'e1-likes'], ...row('e1-likes', a.likes),
    ...pastJob,
    ['p', 'e1-goals-next'], ['a.e1-goals-next', a.goalsNext],
    ['p', 'e1-skills'], ...row('e1-skills', a.skill),
  ]);
  // The ones that take their rows from the roles, now that they exist.
  await post(who, `/s/7/e/${CAREER}`, [
    ['p', 'e1-excited'], ...roles.flatMap((r, i) => [['l.e1-excited', r], ['k.e1-excited', String(i + 1)]]),
    ['p', 'e1-uncertainties'], ...row('e1-uncertainties', [a.uncertainty, a.tests[0][0]]),
  ]);
}

export async function fillProject(who, a = A) {
  await post(who, `/s/7/e/${PROJECT}`, [
    ['p', 'e2-goals'], ...a.goals.map((g) => ['c.e2-goals', g]), ['l.e2-goals', a.ownGoal],
    ['p', 'e2-areas'], ...a.areas.map((x) => ['l.e2-areas', x]),
    ['p', 'e2-questions'], ...a.questions.map((x) => ['l.e2-questions', x]),
    ['p', 'e2-existing'], ['a.e2-existing', a.existing],
    ['p', 'e2-ways'], ...rows('e2-ways', a.ways.map((w, i) => (i === 2 ? [w, 'yes'] : [w]))),
    ['p', 'e2-deliverable'], ['a.e2-deliverable', a.deliverable],
    ['p', 'e2-alternatives'], ...a.alternatives.map((x) => ['l.e2-alternatives', x]),
    ['p', 'e2-sprint'], ...row('e2-sprint', a.sprint),
    ['p', 'e2-milestones'], ...rows('e2-milestones', a.milestones),
    ['p', 'e2-premortem'], ...rows('e2-premortem', a.premortem),
    ['p', 'e2-support'], ['a.e2-support', a.support],
  ]);
  await post(who, `/s/7/e/${PROJECT}`, [
    ['p', 'e2-fit'], ...rows('e2-fit', [...a.goals, a.ownGoal].map((g) => [g, 'well', 'Directly'])),
  ]);
}

// The whole cohort; resolves to { fac, pa, pb, pc, cohort, link, ids }.
export async function buildWorld() {
  const facUser = newUser('Facilitator');
  const made = await alignplan(['user', 'add', '--db', dbUrl, '--admin', facUser.email, facUser.name],
    { input: `${facUser.password}\n` });
  assert.equal(made.code, 0, made.stderr);
  const fac = await httpLogin(facUser);
  let { r } = await post(fac, '/cohorts', [['name', 'Spring sprint — Zürich cohort'], ['session', '7']], { status: 303 });
  const cohort = r.headers.get('location').match(/^\/c\/(\d+)$/)[1];
  const { text } = await post(fac, `/c/${cohort}/invites`, [['role', 'participant'], ['days', '7']], { status: 201 });
  const invite = text.match(/href="(\/join\/[0-9a-f]{64})"/)[1];

  const pa = await httpSignup('Ana');
  const pb = await httpSignup('Björn');
  const pc = await httpSignup('Cleo');
  for (const who of [pa, pb]) await post(who, invite, [], { status: 303 });
  await fillCareer(pa);
  await fillProject(pa);
  for (const ex of [CAREER, PROJECT]) await post(pa, `/s/7/e/${ex}/share`, [['mode', 'cohort']], { status: 303 });
  const made2 = await post(pa, `/s/7/e/${PROJECT}/share`, [['link', 'new']], { status: 200 });
  const link = made2.text.match(/value="(\/l\/[0-9a-f]{64})"/)[1];

  const plan = await get(pa, '/s/7/plan');
  const ids = { a: plan.match(/href="\/p\/(\d+)\/7\//)[1] };
  await post(pb, `/p/${ids.a}/7/${PROJECT}/comments`, [['prompt', 'e2-deliverable'], ['body', COMMENT]], { status: 303 });
  // B asks to back A, and A accepts (partners by consent).
  await post(pb, `/c/${cohort}/partner/${ids.a}`, [], { status: 303 });
  const asked = await get(pa, '/s/7/checkins');
  ids.b = asked.match(new RegExp(`action="/c/${cohort}/backer/(\\d+)"`))[1];
  await post(pa, `/c/${cohort}/backer/${ids.b}`, [['action', 'accept']], { status: 303 });
  await post(pa, '/s/7/checkins', [['pid.0', 'e2-milestones'], ['ms.0', A.milestones[0][0]], ['st.0', 'done'],
    ['note.0', A.checkinNote]], { status: 303 });
  return { fac, pa, pb, pc, cohort, invite, link, ids };
}

// Every page a participant, peer or facilitator sees, as [who, name,
// path, how, fields]; who is a key of the world (null: nobody logged
// in), how 'download' for a file that is opened after it is saved and
// 'post' for the page a form's POST (with fields) answers.
export function pagesOf(w) {
  const a = w.ids.a;
  return [
    [null, 'login', '/login'],
    [null, 'signup', '/signup'],
    [null, 'join-anonymous', w.invite],
    [null, 'read-only-link', w.link],
    ['pa', 'session', '/s/7'],
    ['pa', 'career', `/s/7/e/${CAREER}`],
    ['pa', 'project', `/s/7/e/${PROJECT}`],
    ['pa', 'your-plans', '/s/7/plan'],
    ['pa', 'history', `/s/7/e/${PROJECT}/history`],
    ['pa', 'history-career', `/s/7/e/${CAREER}/history`],
    ['pa', 'checkins', '/s/7/checkins'],
    ['pa', 'own-plan', `/p/${a}/7/${PROJECT}`],
    ['pa', 'cohorts', '/cohorts'],
    ['pa', 'cohort-participant', `/c/${w.cohort}`],
    // A download, read in the browser as a page of its own.
    ['pa', 'export-html', '/s/7/export.html', 'download'],
    ['pb', 'peer-plan', `/p/${a}/7/${PROJECT}`],
    ['pb', 'peer-career', `/p/${a}/7/${CAREER}`],
    ['pb', 'partner-checkins', `/p/${a}/7/checkins`],
    ['pc', 'empty-plans', '/s/7/plan'],
    ['pc', 'empty-checkins', '/s/7/checkins'],
    ['pc', 'empty-project', `/s/7/e/${PROJECT}`],
    ['pc', 'join', w.invite],
    ['fac', 'cohorts-facilitator', '/cohorts'],
    // The reply to a POST, shown as the page it is.
    ['fac', 'invite-made', `/c/${w.cohort}/invites`, 'post', [['role', 'participant'], ['days', '7']]],
    ['fac', 'cohort-facilitator', `/c/${w.cohort}`],
    ['fac', 'dashboard', `/c/${w.cohort}/dashboard`],
    ['fac', 'review-order', `/c/${w.cohort}/review`],
    ['fac', 'facilitator-plan', `/p/${a}/7/${PROJECT}`],
    ['fac', 'facilitator-checkins', `/p/${a}/7/checkins`],
  ];
}

// ---------------------------------------------------------------- layout

export const WIDTHS = [390, 1280];

// Runs in the page: what is wrong with its layout, as sentences.
export function layoutProblems() {
  const found = [];
  const where = (el) => {
    const bits = [];
    for (let e = el; e && e !== document.body && bits.length < 4; e = e.parentElement) {
      bits.unshift(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '')
        + (typeof e.className === 'string' && e.className ? `.${e.className.trim().split(/\s+/).join('.')}` : ''));
    }
    return bits.join(' > ');
  };
  // 1. Sideways scrolling, and what sticks out.
  const se = document.scrollingElement;
  if (se.scrollWidth > window.innerWidth) {
    const wide = [];
    // The outermost elements past the right edge that are not inside a
    // box that scrolls on its own.
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right <= window.innerWidth + 0.5 || r.width === 0) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const ox = getComputedStyle(p).overflowX;
        if (ox !== 'visible') { clipped = true; break; }
        if (p.getBoundingClientRect().right > window.innerWidth + 0.5) { clipped = true; break; }
      }
      if (!clipped) wide.push(`${where(el)} (right edge ${Math.round(r.right)})`);
    }
    // Nothing on its own: something absolutely placed escaped the box
    // that clips its neighbours (that box is not positioned).
    if (!wide.length) {
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > window.innerWidth + 0.5 && getComputedStyle(el).position === 'absolute') {
          wide.push(`${where(el)} (absolutely placed, right edge ${Math.round(r.right)})`);
        }
      }
    }
    found.push(`the page scrolls sideways: ${se.scrollWidth} px wide in a ${window.innerWidth} px window; `
      + `sticking out: ${wide.slice(0, 4).join('; ')}`);
  }
  // 2. Chart labels inside their chart.
  for (const t of document.querySelectorAll('svg text')) {
    const svg = t.ownerSVGElement.getBoundingClientRect();
    const r = t.getBoundingClientRect();
    if (!r.width) continue;
    if (r.left < svg.left - 0.5 || r.right > svg.right + 0.5 || r.top < svg.top - 0.5 || r.bottom > svg.bottom + 0.5) {
      found.push(`a chart label runs out of its chart: "${t.textContent.slice(0, 60)}" at x ${Math.round(r.left - svg.left)}`
        + `..${Math.round(r.right - svg.left)} of 0..${Math.round(svg.width)}, y ${Math.round(r.top - svg.top)}`
        + `..${Math.round(r.bottom - svg.top)} of 0..${Math.round(svg.height)} (${where(t.ownerSVGElement)})`);
    }
  }
  // 3. Dates in tables on one line: the rectangles of each YYYY-MM-DD
  // all share one top.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('td, th') && /\d{4}-\d\d-\d\d/.test(n.data)
      ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT),
  });
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (const m of n.data.matchAll(/\d{4}-\d\d-\d\d/g)) {
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)));
      if (tops.size > 1) found.push(`a date wraps in a table: "${m[0]}" in ${where(n.parentElement)}`);
    }
  }
  // 4. Links to a place in this page land on an element (links to other
  // pages are the caller's to follow).
  for (const a of document.querySelectorAll('a[href*="#"]')) {
    const u = new URL(a.href);
    if (u.origin !== location.origin || u.pathname !== location.pathname || u.search !== location.search) continue;
    const id = decodeURIComponent(u.hash.slice(1));
    if (id && !document.getElementById(id)) found.push(`a link to "#${id}" ("${a.textContent.trim().slice(0, 40)}") lands nowhere`);
  }
  return found;
}

// Links with a #fragment that lead to another page of this site.
export function outboundFragments() {
  return [...document.querySelectorAll('a[href*="#"]')].map((a) => new URL(a.href))
    .filter((u) => u.origin === location.origin && u.hash.length > 1
      && (u.pathname !== location.pathname || u.search !== location.search))
    .map((u) => ({ path: u.pathname + u.search, id: decodeURIComponent(u.hash.slice(1)) }));
}

// A browser context logged in as `who` (a world person, or null).
export async function contextFor(who, width, options = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, ...options });
  context.setDefaultTimeout(8000);
  if (who) {
    const [name, value] = who.cookie.split('=');
    await context.addCookies([{ name, value, url: base }]);
  }
  return context;
}


// Open path in page as who sees it; a download is fetched and shown as
// the page it is (its address is then about:blank).
// Resolves to the HTML it fetched itself (post, download), else nothing.
export async function openPage(page, who, path, how, fields) {
  if (how === 'post') {
    const { text } = await post(who, path, fields);
    await page.goto(`${base}/login`);   // the site's origin, for its CSS
    await page.setContent(text, { waitUntil: 'load' });
    return text;
  }
  if (how === 'download') {
    const r = await fetch(`${base}${path}`, { headers: who ? { cookie: who.cookie } : {} });
    assert.equal(r.status, 200, `GET ${path}`);
    const text = await r.text();
    await page.setContent(text, { waitUntil: 'load' });
    return text;
  }
  const r = await page.goto(`${base}${path}`);
  assert.equal(r.status(), 200, `GET ${path}`);
}
