// What a participant trips over on a page, as classes (issue 15), checked
// on every page a participant, peer or facilitator sees (_world.mjs
// builds a cohort with full plans), on a 390 px phone and at 1280 px:
//   - no page scrolls sideways (wide tables scroll inside their box);
//   - every label of a chart (SVG <text>) lies inside its chart;
//   - no date in a table wraps ("2027-02-" / "28");
//   - every link to a place in a page (#id) lands on an element that
//     exists, on this page or the page it leads to;
// and axe-core (0 violations) and the Nu HTML checker (0 errors) on each.
// Run from this directory: `node layout.mjs` (`make browser` runs it).
// Screenshots of every page at both widths go to artifacts/layout/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  useApp, base, artifacts, axeCheck, vnuCheck,
} from './harness.mjs';
import {
  buildWorld, pagesOf, post, openPage, layoutProblems, outboundFragments, contextFor, WIDTHS,
} from './_world.mjs';

useApp();

const out = join(artifacts, 'layout');
let world;
const served = new Map();

test('a cohort with full plans, over HTTP', async () => {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  world = await buildWorld();
});

// The pages as they are, then the final review (its order page is in
// pagesOf) with the first presenter on screen, then finished: each step
// a list of pages, after the review actions that lead to it.
function* phases() {
  yield pagesOf(world).filter(([, name]) => name !== 'review-order' || !reviewed);
  const review = `/c/${world.cohort}/review`;
  for (const [actions, name] of [[['stop', 'start'], 'review-presenter'], [['next', 'next'], 'review-finished']]) {
    yield { actions, pages: [['fac', name, review]] };
  }
}
let reviewed = false;

async function pagesOfPhase(phase) {
  if (Array.isArray(phase)) return phase;
  for (const action of phase.actions) {
    await post(world.fac, `/c/${world.cohort}/review`, [['action', action]], { status: 303 });
  }
  reviewed = true;
  return phase.pages;
}

test('no page scrolls sideways, no chart label leaves its chart, no date in a table wraps, every #link lands (390 and 1280 px)', async () => {
  assert.ok(world, 'the world was built');
  const problems = [];
  const linksTo = new Map();   // "who path" -> ids linked to it
  for (const phase of phases()) {
    const pages = await pagesOfPhase(phase);
    for (const width of WIDTHS) {
      const contexts = new Map();
      for (const [key, name, path, how, fields] of pages) {
        if (!contexts.has(key)) contexts.set(key, await contextFor(key && world[key], width));
        const page = await contexts.get(key).newPage();
        await openPage(page, key && world[key], path, how, fields);
        await page.screenshot({ path: join(out, `${name}-${width}.png`), fullPage: true });
        for (const p of await page.evaluate(layoutProblems)) problems.push(`${name} (${path}) at ${width} px: ${p}`);
        if (width === WIDTHS[0]) {
          for (const { path: to, id } of await page.evaluate(outboundFragments)) {
            const k = `${key ?? ''} ${to}`;
            if (!linksTo.has(k)) linksTo.set(k, new Map());
            linksTo.get(k).set(id, `${name} (${path})`);
          }
        }
        await page.close();
      }
      for (const c of contexts.values()) await c.close();
    }
  }
  // Links into other pages: the page they lead to has the element.
  for (const [k, ids] of linksTo) {
    const [key, path] = k.split(' ');
    const r = await fetch(`${base}${path}`, { headers: key ? { cookie: world[key].cookie } : {} });
    const html = await r.text();
    if (r.status !== 200) continue;   // a download, or not this person's to see
    for (const [id, from] of ids) {
      if (!html.includes(`id="${id}"`)) problems.push(`${from}: a link to ${path}#${id} lands at the top of that page (no element has that id)`);
    }
  }
  assert.deepEqual(problems, []);
});

test('axe-core: 0 violations, and the Nu HTML checker: 0 errors, on every page at both widths', async () => {
  assert.ok(world, 'the world was built');
  const found = [];
  for (const phase of phases()) {
    const pages = await pagesOfPhase(phase);
    for (const [key, name, path, how, fields] of pages) {
      for (const width of WIDTHS) {
        const context = await contextFor(key && world[key], width, { bypassCSP: true });
        const page = await context.newPage();
        const text = await openPage(page, key && world[key], path, how, fields);
        await axeCheck(page, `layout/axe-${name}-${width}`, found);
        await context.close();
        // The Nu checker gets the HTML as served, not as the script
        // left it.
        if (width !== WIDTHS[0]) continue;
        if (text !== undefined) {
          served.set(name, text);
        } else {
          const r = await fetch(`${base}${path}`, { headers: key ? { cookie: world[key].cookie } : {} });
          served.set(name, await r.text());
        }
      }
    }
  }
  await vnuCheck(served, 'layout/html');
  assert.deepEqual(found, []);
});
