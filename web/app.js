// alignplan: autosave, timers and list rows.  The pages work without this
// file; it only saves sooner and adds the timer controls.
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

  async function save(form, unit) {
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

  function wireList(ol) {
    const max = parseInt(ol.dataset.max || '0', 10);
    const label = ol.dataset.label || 'Item';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'add';
    button.textContent = 'Add ' + label.toLowerCase();
    const sync = () => {
      button.hidden = max > 0 && ol.children.length >= max;
    };
    button.addEventListener('click', () => {
      const last = ol.lastElementChild.querySelector('input');
      const li = document.createElement('li');
      const input = last.cloneNode();
      const n = ol.children.length + 1;
      input.value = '';
      input.id = last.id.replace(/-\d+$/, '-' + n);
      input.setAttribute('aria-label', label + ' ' + n);
      li.appendChild(input);
      ol.appendChild(li);
      input.focus();
      sync();
    });
    ol.after(button);
    sync();
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
    let left = total;
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
        announce.textContent = 'Time is up.';
      }
      render();
    };
    start.addEventListener('click', () => {
      if (tick || left <= 0) return;
      announce.textContent = '';
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
      el.classList.remove('done');
      announce.textContent = '';
      start.disabled = false;
      start.textContent = 'Start ' + total / 60 + '-minute timer';
      pause.disabled = true;
      render();
    });
    el.hidden = false;
  }

  document.querySelectorAll('form[data-autosave]').forEach(wireAutosave);
  document.querySelectorAll('ol.items').forEach(wireList);
  document.querySelectorAll('.timer').forEach(wireTimer);
  window.addEventListener('beforeunload', (ev) => {
    if (document.querySelector('[data-dirty="1"]')) ev.preventDefault();
  });
})();
