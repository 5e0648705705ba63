// alignplan: autosave, timers, list items, table rows and ranked lists.
// The pages work without this file; it saves sooner, adds the timer
// controls, "Add row"/"Remove" buttons and up/down buttons for rankings,
// and swaps in the checks panel the server sends back after a save.
'use strict';

(function () {
  const DEBOUNCE_MS = 800;

  function statusOf(el) {
    return el.querySelector('.status');
  }

  function show(el, text, failed) {
    const s = statusOf(el);
    if (!s) return;
    s.textContent = text;
    s.classList.toggle('error', !!failed);
    s.classList.toggle('ok', !failed && text.startsWith('Saved'));
  }

  // The fields one unit (a prompt's fieldset, or a whole small form) posts.
  function fieldsOf(form, unit) {
    const body = new URLSearchParams();
    body.append('csrf', form.elements.csrf.value);
    const els = unit === form ? form.elements : unit.elements;
    for (const el of els) {
      if (!el.name || el.name === 'csrf' || el.disabled) continue;
      if (el.type === 'checkbox' && !el.checked) continue;
      body.append(el.name, el.value);
    }
    return body;
  }

  // Saves go one at a time, in the order they were asked for: two in
  // flight could be committed in one order and answered in the other, and
  // the older reply would then put back a stale checks panel.  A queued
  // save reads its fields when it is sent, so it carries the newest text.
  // Saves queued or in flight are marked on <html data-saving="1"> until
  // their reply is handled: tests wait for it, as a person waits for
  // "Saved".
  let queued = 0;
  let last = Promise.resolve();
  function save(form, unit) {
    queued++;
    document.documentElement.dataset.saving = '1';
    last = last.then(() => saveNow(form, unit)).catch(() => {}).then(() => {
      if (--queued === 0) document.documentElement.dataset.saving = '';
    });
    return last;
  }

  async function saveNow(form, unit) {
    unit.dataset.dirty = '';
    show(unit, 'Saving…');
    let res;
    try {
      res = await fetch(form.action, {
        method: 'POST',
        headers: { 'X-Autosave': '1' },
        body: fieldsOf(form, unit),
        credentials: 'same-origin',
      });
    } catch (e) {
      unit.dataset.dirty = '1';
      show(unit, 'Not saved: no connection. Your text is kept here; ' +
        'it will be saved on your next change.', true);
      return;
    }
    if (res.ok) {
      const t = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      if (!unit.dataset.dirty) show(unit, 'Saved at ' + t);
      let reply = {};
      try { reply = await res.json(); } catch (e) { /* not JSON */ }
      // The server renders the panel (escaped by its HTML writer).
      const panel = document.getElementById('checks');
      if (panel && typeof reply.checks === 'string') {
        const was = panel.querySelector('details');
        const count = (el) => el && el.querySelector('.summary')?.textContent;
        const before = count(panel);
        panel.innerHTML = reply.checks;
        const now = panel.querySelector('details');
        if (was && now) now.open = was.open;
        // Say it when the count changes, not the whole panel each time.
        const live = document.getElementById('checks-live');
        if (live && count(panel) !== before) live.textContent = 'Checks: ' + count(panel) + '.';
      }
      // Each prompt's own checks, in its fieldset (the panel above is
      // far away when one is editing a table further down).
      for (const [id, html] of Object.entries(reply.prompt_checks || {})) {
        const box = document.getElementById('pc-' + id);
        if (box) box.outerHTML = html;
      }
      // The exercise's progress bar, drawn by the server as on the page.
      const bar = document.getElementById('exercise-progress')?.closest('.progress');
      if (bar && typeof reply.progress === 'string') bar.outerHTML = reply.progress;
      // Fields whose rows come from what was just saved, unless the
      // participant is editing them.
      for (const [id, html] of Object.entries(reply.fields || {})) {
        const fs = document.getElementById('p-' + id);
        const box = document.getElementById('f-' + id);
        if (!fs || !box || fs.dataset.dirty === '1' || fs.contains(document.activeElement)) continue;
        box.innerHTML = html;
        wireFields(box);
      }
      return;
    }
    let msg = 'the server answered ' + res.status;
    try { msg = (await res.json()).error || msg; } catch (e) { /* not JSON */ }
    unit.dataset.dirty = '1';
    show(unit, 'Not saved: ' + msg, true);
  }

  function wireAutosave(form) {
    const timers = new Map();
    // A plain submit saves everything: nothing is left to warn about.
    form.addEventListener('submit', () => {
      for (const t of timers.values()) clearTimeout(t);
      form.querySelectorAll('[data-dirty]').forEach((el) => { el.dataset.dirty = ''; });
      if (form.dataset.dirty) form.dataset.dirty = '';
    });
    const unitOf = (el) => el.closest('fieldset.prompt') || form;
    const schedule = (unit, delay) => {
      unit.dataset.dirty = '1';
      show(unit, 'Editing…');
      clearTimeout(timers.get(unit));
      timers.set(unit, setTimeout(() => save(form, unit), delay));
    };
    form.addEventListener('input', (ev) => {
      if (ev.target.type === 'checkbox') return;
      schedule(unitOf(ev.target), DEBOUNCE_MS);
    });
    form.addEventListener('change', (ev) => {
      if (ev.target.type === 'checkbox') schedule(unitOf(ev.target), 0);
    });
  }

  // Something changed that is not an input event (a row removed, an item
  // moved): autosave the prompt as if it had been typed in.
  function changed(el) {
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }

  function addButton(text, after) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'add';
    button.textContent = text;
    after.after(button);
    return button;
  }

  function clearInputs(el) {
    el.querySelectorAll('input, select, textarea').forEach((i) => {
      if (i.type === 'checkbox') i.checked = false;
      else if (i.tagName === 'SELECT') i.selectedIndex = 0;
      else if (i.type !== 'hidden' || i.name.startsWith('l.')) i.value = '';
    });
  }

  // Give the i-th item or row (1-based) its ids, label targets and number.
  function renumber(el, i) {
    // Cells are t-PROMPT-ROW-COLUMN, list items l-PROMPT-N.
    const fix = (v) => (v.startsWith('t-') ? v.replace(/^(.*)-\d+-(\d+)$/, `$1-${i}-$2`)
      : v.replace(/^(.*)-\d+$/, `$1-${i}`));
    el.querySelectorAll('[id]').forEach((x) => { x.id = fix(x.id); });
    el.querySelectorAll('label[for]').forEach((x) => { x.htmlFor = fix(x.htmlFor); });
    el.querySelectorAll('.rn').forEach((x) => { x.textContent = i; });
    el.querySelectorAll('label.vh').forEach((x) => {
      x.textContent = x.textContent.replace(/\d+$/, i);
    });
  }

  function wireList(ol) {
    const max = parseInt(ol.dataset.max || '0', 10);
    const label = ol.dataset.label || 'Item';
    const button = addButton('Add ' + label.toLowerCase(), ol);
    const sync = () => {
      button.hidden = max > 0 && ol.children.length >= max;
    };
    button.addEventListener('click', () => {
      const li = ol.lastElementChild.cloneNode(true);
      clearInputs(li);
      renumber(li, ol.children.length + 1);
      ol.appendChild(li);
      li.querySelector('input[type=text]').focus();
      sync();
    });
    sync();
  }

  // Table rows and rounds: "Add row" and a "Remove" button on each.
  function wireRows(box) {
    const max = parseInt(box.dataset.max || '0', 10);
    const word = box.dataset.word || 'row';
    const rows = () => [...box.children].filter((r) => r.matches('[data-row]'));
    const button = addButton('Add ' + word, box);
    const sync = () => {
      rows().forEach((r, i) => {
        renumber(r, i + 1);
        const rm = r.querySelector('button.remove');
        if (rm) rm.setAttribute('aria-label', 'Remove ' + word + ' ' + (i + 1));
      });
      button.hidden = max > 0 && rows().length >= max;
    };
    const withRemove = (r) => {
      const rm = document.createElement('button');
      rm.type = 'button';
      rm.className = 'remove';
      rm.textContent = 'Remove';
      rm.addEventListener('click', () => {
        if (rows().length > 1) r.remove();
        else clearInputs(r);
        sync();
        changed(box);
        button.focus();
      });
      r.appendChild(rm);
    };
    rows().forEach(withRemove);
    button.addEventListener('click', () => {
      const all = rows();
      const r = all[all.length - 1].cloneNode(true);
      r.querySelector('button.remove').remove();
      clearInputs(r);
      // A cell shown as text for a value of the wrong shape is typed again.
      r.querySelectorAll('.type-date input[type=text]').forEach((i) => { i.type = 'date'; i.removeAttribute('placeholder'); });
      withRemove(r);
      box.appendChild(r);
      sync();
      r.querySelectorAll('textarea.grow').forEach(wireGrow);
      const first = r.querySelector('input:not([type=hidden]), select, textarea');
      if (first) first.focus();
    });
    sync();
  }

  // Rankings: up/down buttons instead of typing rank numbers.
  function wireRanked(ol) {
    const items = () => [...ol.children];
    const nameOf = (li) => {
      const t = li.querySelector('input[type=text]');
      if (t) return t.value.trim() || 'this item';
      return li.querySelector('label.item').firstChild.textContent;
    };
    const sync = () => {
      items().forEach((li, i) => {
        li.querySelector('input.rank').value = i + 1;
        const name = nameOf(li);
        const [up, down] = li.querySelectorAll('.move button');
        up.setAttribute('aria-label', 'Move ' + name + ' up');
        down.setAttribute('aria-label', 'Move ' + name + ' down');
        up.disabled = i === 0;
        down.disabled = i === items().length - 1;
      });
    };
    const addMove = (li) => {
      const box = document.createElement('span');
      box.className = 'move';
      for (const [dir, sign] of [[-1, '↑'], [1, '↓']]) {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = sign;
        b.addEventListener('click', () => {
          const other = dir < 0 ? li.previousElementSibling : li.nextElementSibling;
          if (!other) return;
          if (dir < 0) other.before(li); else other.after(li);
          sync();
          changed(ol);
          (b.disabled ? box.querySelector('button:not([disabled])') : b).focus();
        });
        box.appendChild(b);
      }
      li.appendChild(box);
    };
    items().forEach(addMove);
    // Items of your own: as many as you like.
    if (!ol.classList.contains('fixed')) {
      addButton('Add item', ol).addEventListener('click', () => {
        const li = ol.lastElementChild.cloneNode(true);
        li.querySelector('.move').remove();
        clearInputs(li);
        renumber(li, ol.children.length + 1);
        addMove(li);
        ol.appendChild(li);
        sync();
        li.querySelector('input[type=text]').focus();
      });
    }
    ol.addEventListener('input', sync);
    ol.classList.add('js');
    const how = ol.parentElement.querySelector('.how-to-rank');
    if (how) how.textContent = 'Use the arrows to put them in order, the first at the top.';
    sync();
  }

  // What a timer counts: items, rows with something in them, ticked
  // options and non-empty lines of text in the prompt's fieldset.
  function countItems(fs) {
    let n = 0;
    const filled = (el) => el.value.trim() !== '';
    fs.querySelectorAll('textarea:not(.grow)').forEach((t) => {
      n += t.value.split('\n').filter((l) => l.trim()).length;
    });
    n += [...fs.querySelectorAll('ol.items input[type=text], ol.ranked input[type=text]')].filter(filled).length;
    n += fs.querySelectorAll('ul.options input:checked').length;
    n += [...fs.querySelectorAll('[data-row]')].filter((r) =>
      [...r.querySelectorAll('input[type=text], input[type=date], input[type=number], textarea')].some(filled)).length;
    return n;
  }

  // Text cells: one line that grows with the text; Enter does not add a
  // line (a cell is one line when saved).
  const sizing = window.CSS && CSS.supports && CSS.supports('field-sizing', 'content');
  function wireGrow(t) {
    const fit = () => {
      if (sizing) return;
      t.style.height = 'auto';
      t.style.height = t.scrollHeight + 2 + 'px';
    };
    t.addEventListener('input', fit);
    t.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') ev.preventDefault(); });
    fit();
  }

  function wireFields(root) {
    root.querySelectorAll('textarea.grow').forEach(wireGrow);
    root.querySelectorAll('ol.items').forEach(wireList);
    root.querySelectorAll('.rows:not([data-fixed]):not(.sprint)').forEach(wireRows);
    root.querySelectorAll('ol.ranked').forEach(wireRanked);
  }

  function fmt(s) {
    const m = Math.floor(s / 60);
    const r = s % 60;
    return m + ':' + (r < 10 ? '0' : '') + r;
  }

  // A countdown that reads the clock instead of counting ticks, so it stays
  // right when the tab sleeps (and tests can drive it with a fake clock).
  function wireTimer(el) {
    const total = parseInt(el.dataset.seconds, 10);
    const clock = el.querySelector('.clock');
    const announce = el.querySelector('.announce');
    const start = el.querySelector('[data-timer=start]');
    const pause = el.querySelector('[data-timer=pause]');
    const reset = el.querySelector('[data-timer=reset]');
    const fs = el.closest('fieldset.prompt') || document.body;
    const minutes = total / 60;
    let left = total;
    let before = null;  // items when the timer was first started
    let endsAt = 0;
    let tick = 0;

    const render = () => { clock.textContent = fmt(Math.max(0, Math.ceil(left))); };
    const stop = () => { clearInterval(tick); tick = 0; };
    const update = () => {
      left = (endsAt - Date.now()) / 1000;
      if (left <= 0) {
        left = 0;
        stop();
        el.classList.add('done');
        start.disabled = true;
        pause.disabled = true;
        const n = Math.max(0, countItems(fs) - (before ?? 0));
        announce.textContent = 'Time is up: you wrote ' + n + (n === 1 ? ' item' : ' items') +
          ' in ' + minutes + (minutes === 1 ? ' minute.' : ' minutes.');
      }
      render();
    };
    start.addEventListener('click', () => {
      if (tick || left <= 0) return;
      announce.textContent = '';
      if (before === null) before = countItems(fs);
      endsAt = Date.now() + left * 1000;
      tick = setInterval(update, 250);
      start.disabled = true;
      pause.disabled = false;
    });
    pause.addEventListener('click', () => {
      if (!tick) return;
      update();
      stop();
      start.disabled = left <= 0;
      start.textContent = 'Resume';
      pause.disabled = true;
    });
    reset.addEventListener('click', () => {
      stop();
      left = total;
      before = null;
      el.classList.remove('done');
      announce.textContent = '';
      start.disabled = false;
      start.textContent = 'Start ' + total / 60 + '-minute timer';
      pause.disabled = true;
      render();
    });
    el.hidden = false;
  }

  // A link to copy is shown as its path, which is all the server knows;
  // here it becomes the whole address the browser used.
  document.querySelectorAll('input[data-link]').forEach((el) => {
    el.value = new URL(el.value, location.href).href;
    const label = document.querySelector(`label[for="${el.id}"]`);
    if (label) label.textContent = label.textContent.replace(/, after this site's address$/, '');
  });
  document.querySelectorAll('a[data-link]').forEach((a) => {
    a.textContent = a.href;
  });
  // A calendar subscription: the same address as webcal://, which
  // calendar apps open as a subscription rather than a download.
  document.querySelectorAll('a[data-webcal]').forEach((a) => {
    const u = new URL(a.getAttribute('href'), location.href);
    a.href = 'webcal://' + u.host + u.pathname;
  });
  // No time zone saved yet: offer the browser's (saved only when sent).
  document.querySelectorAll('input[data-browser-zone]').forEach((el) => {
    try {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone) el.value = zone;
    } catch (e) { /* keep UTC */ }
  });

  // Resolving or reopening a comment thread without leaving the page:
  // the form posts as it would, and the server answers with the plan's
  // open count; the thread folds (resolved) or unfolds (reopened).
  function wireThread(form) {
    form.addEventListener('submit', async (ev) => {
      const button = ev.submitter || form.querySelector('button');
      if (form.dataset.plain) return;   // the fallback: post as a form
      ev.preventDefault();
      const body = new URLSearchParams(new FormData(form));
      body.set('action', button.value);
      // (form.action is the button named "action": ask the attribute.)
      const plain = () => { form.dataset.plain = '1'; form.requestSubmit(button); };
      let res;
      try {
        res = await fetch(form.getAttribute('action'), { method: 'POST', headers: { 'X-Autosave': '1' },
          body, credentials: 'same-origin' });
      } catch (e) {
        plain();
        return;
      }
      if (!res.ok) { plain(); return; }
      const reply = await res.json();
      const li = form.closest('li.thread');
      const box = li.querySelector('details.thread-box');
      const state = box.querySelector('.thread-state');
      li.classList.toggle('resolved', reply.resolved);
      box.open = !reply.resolved;
      state.textContent = reply.resolved ? 'Resolved just now' : 'Open thread';
      button.value = reply.resolved ? 'reopen' : 'resolve';
      button.textContent = reply.resolved ? 'Reopen thread' : 'Resolve thread';
      const open = document.querySelector('[data-open-count]');
      const done = document.querySelector('[data-resolved-count]');
      if (open) {
        const was = +open.textContent;
        open.textContent = reply.open;
        if (done) done.textContent = Math.max(0, +done.textContent + (reply.open < was ? 1 : -1));
      }
    });
  }

  // @mentions: after an "@" in a comment, the plan's readers whose names
  // begin with what follows, as buttons under the field; a click puts
  // the whole name in.  Without this file the server still finds the
  // names in what is posted.
  function wireMentions(form) {
    const area = form.querySelector('textarea[name=body]');
    if (!area || !/\/comments$/.test(form.getAttribute('action'))) return;
    const url = form.getAttribute('action').replace(/\/comments$/, '/people');
    let people = null;
    const box = document.createElement('div');
    box.className = 'suggest';
    box.hidden = true;
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'People to mention');
    area.after(box);
    const word = () => {
      const before = area.value.slice(0, area.selectionStart);
      const m = /(^|[^\w.@])@([^\s@]{0,40})$/u.exec(before);
      return m ? { at: before.length - m[2].length - 1, typed: m[2] } : null;
    };
    async function offer() {
      const w = word();
      if (!w) { box.hidden = true; return; }
      if (people === null) {
        people = [];
        try {
          const r = await fetch(url, { headers: { Accept: 'application/json' } });
          if (r.ok) people = (await r.json()).people;
        } catch (e) { /* the server resolves names anyway */ }
      }
      const t = w.typed.toLowerCase();
      const names = people.filter((n) => n.toLowerCase().startsWith(t)).slice(0, 8);
      box.replaceChildren(...names.map((n) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.textContent = '@' + n;
        b.addEventListener('click', () => {
          const cur = word() || w;
          const end = cur.at + 1 + cur.typed.length;
          area.value = area.value.slice(0, cur.at) + '@' + n + ' ' + area.value.slice(end);
          const pos = cur.at + n.length + 2;
          area.focus();
          area.setSelectionRange(pos, pos);
          box.hidden = true;
        });
        return b;
      }));
      box.hidden = !names.length;
    }
    area.addEventListener('input', offer);
    area.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') box.hidden = true;
      if (ev.key === 'ArrowDown' && !box.hidden) {
        ev.preventDefault();
        box.querySelector('button').focus();
      }
    });
  }

  document.querySelectorAll('form.thread-form').forEach(wireThread);
  document.querySelectorAll('form[data-autosave]').forEach(wireAutosave);
  document.querySelectorAll('form.comment-form').forEach(wireMentions);
  wireFields(document);
  document.querySelectorAll('.timer').forEach(wireTimer);
  window.addEventListener('beforeunload', (ev) => {
    if (document.querySelector('[data-dirty="1"]')) ev.preventDefault();
  });
})();
