/* The audit form (assessment_audit.html): one item per screen without
 * reloading, each answer saved as it is given through the JSON API, and a
 * draft that survives a lost connection: answers not yet sent wait in
 * localStorage (per user and assessment: another user's draft on a shared
 * phone is dropped, never sent under this user's name) and are sent in
 * order when the connection returns (the "online" event, the page's load,
 * a retry every 15 s), then cleared. When the server refuses a batch
 * (422), its answers are sent one by one, so that only the refused one is
 * dropped, and named. Without this script the form works through the
 * server. */
(function () {
  'use strict';
  var root = document.getElementById('asm-audit');
  if (!root) return;
  var api = root.getAttribute('data-api');
  var readonly = root.hasAttribute('data-readonly');
  var listView = root.hasAttribute('data-list');
  var total = parseInt(root.getAttribute('data-total'), 10) || 0;
  var USER = root.getAttribute('data-user') || '0';
  var PREFIX = 'nscl-audit-';
  var KEY = PREFIX + USER + '-' + root.getAttribute('data-assessment');
  var status = document.getElementById('asm-status');
  var answeredEl = document.getElementById('asm-answered');
  var answered = answeredEl ? parseInt(answeredEl.textContent, 10) || 0 : 0;
  var sending = false, failed = false, single = false, timer = null, hideTimer = null;
  var T = {
    offline: root.getAttribute('data-t-offline'), sending: root.getAttribute('data-t-sending'),
    saved: root.getAttribute('data-t-saved'), error: root.getAttribute('data-t-error'), wait: root.getAttribute('data-t-submit-wait'),
    refused: root.getAttribute('data-t-refused')
  };

  // Drafts of other users (and of the days before drafts were per user):
  // never sent as this user.
  try {
    var stale = [];
    for (var i = 0; i < localStorage.length; i++) {
      var k = localStorage.key(i);
      if (k && k.indexOf(PREFIX) === 0 && k.indexOf(PREFIX + USER + '-') !== 0) stale.push(k);
    }
    stale.forEach(function (k) { localStorage.removeItem(k); });
  } catch (e) { /* no storage */ }

  function queue() {
    try { var q = JSON.parse(localStorage.getItem(KEY) || '[]'); return Array.isArray(q) ? q : []; } catch (e) { return []; }
  }
  function save(q) {
    try { if (q.length) localStorage.setItem(KEY, JSON.stringify(q)); else localStorage.removeItem(KEY); } catch (e) { /* private mode: sent at once or lost */ }
  }
  function say(text, cls) {
    clearTimeout(hideTimer);
    status.textContent = text || '';
    status.className = 'asm-status' + (cls ? ' ' + cls : '');
    status.hidden = !text;
  }
  function fill(s, n, msg) { return (s || '').replace('{n}', String(n)).replace('{msg}', msg || ''); }
  function problemText(p, status) {
    if (!p) return String(status);
    var m = p.detail || p.title || String(status);
    // The field's own message, when the problem names one.
    if (p.errors && p.errors.length && p.errors[0].message) m = p.errors[0].message;
    return m;
  }
  function refresh() {
    var n = queue().length;
    if (n && (failed || !navigator.onLine)) say(fill(T.offline, n), 'is-offline');
    else if (n && sending) say(fill(T.sending, n), '');
  }

  // ---- answers ----
  function answerOf(form) {
    if (!form) return null;
    var v = form.querySelector('input[name="value"]:checked');
    if (!v) return null;
    var note = form.querySelector('textarea[name="note"]');
    var a = { item: form.getAttribute('data-key'), note: note ? note.value : '', at: new Date().toISOString() };
    if (v.value === 'na') a.na = true; else a.value = parseInt(v.value, 10);
    return a;
  }
  function sectionOf(key) {
    var found = null;
    root.querySelectorAll('.asm-item').forEach(function (s) { if (s.getAttribute('data-key') === key) found = s; });
    return found;
  }
  function markAnswered(key) {
    var s = sectionOf(key);
    if (!s || s.hasAttribute('data-answered')) return;
    s.setAttribute('data-answered', '1');
    answered = Math.min(total, answered + 1);
    if (answeredEl) answeredEl.textContent = answered;
    var bar = document.getElementById('asm-bar');
    if (bar) bar.value = answered;
    var end = document.getElementById('asm-end-answered');
    if (end) end.textContent = answered;
    if (answered >= total) root.querySelectorAll('.asm-missing').forEach(function (m) { m.hidden = true; });
  }
  // unmark shows, on the item of a refused answer, the server's reason,
  // and counts it as not answered again (unless it was stored before).
  function unmark(key, msg) {
    var s = sectionOf(key);
    if (!s) return;
    var p = s.querySelector('.asm-refused');
    if (!p) {
      p = document.createElement('p');
      p.className = 'field-error asm-refused';
      p.setAttribute('role', 'alert');
      var form = s.querySelector('form.asm-answer');
      s.insertBefore(p, form);
    }
    p.textContent = msg;
    if (s.hasAttribute('data-answered') && !s.hasAttribute('data-stored')) {
      s.removeAttribute('data-answered');
      answered = Math.max(0, answered - 1);
      if (answeredEl) answeredEl.textContent = answered;
      var bar = document.getElementById('asm-bar');
      if (bar) bar.value = answered;
      var end = document.getElementById('asm-end-answered');
      if (end) end.textContent = answered;
    }
  }
  function enqueue(a) {
    var s = sectionOf(a.item);
    var old = s && s.querySelector('.asm-refused');
    if (old) old.remove();
    var q = queue().filter(function (x) { return x.item !== a.item; });
    q.push(a);
    save(q);
    markAnswered(a.item);
    flush();
  }
  // pending shows answers not sent yet on the page's forms (a reload).
  function pending() {
    queue().forEach(function (a) {
      var s = sectionOf(a.item);
      if (!s) return;
      var val = a.na ? 'na' : String(a.value);
      s.querySelectorAll('input[name="value"]').forEach(function (r) { r.checked = r.value === val; });
      var note = s.querySelector('textarea[name="note"]');
      if (note) note.value = a.note || '';
      markAnswered(a.item);
    });
  }

  function flush() {
    var q = queue();
    if (sending || !q.length) { refresh(); return; }
    if (navigator.onLine === false) { failed = true; refresh(); return; }
    sending = true;
    refresh();
    var batch = q.slice(0, single ? 1 : 100);
    fetch(api, {
      method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ answers: batch })
    }).then(function (r) {
      if (r.ok) { done(batch, ''); return; }
      // One bad answer refuses its whole batch: send the batch's answers
      // one by one, so that only the refused one is dropped.
      if ((r.status === 422 || r.status === 400) && batch.length > 1) {
        single = true;
        sending = false;
        flush();
        return;
      }
      // A refused answer (invalid, or the assessment closed) never
      // succeeds: it leaves the queue with the server's reason. Anything
      // else (signed out, rate limited, the server down) is tried again.
      if (r.status === 409 || r.status === 422 || r.status === 404 || r.status === 403 || r.status === 400) {
        return r.json().catch(function () { return {}; }).then(function (p) {
          var msg = problemText(p, r.status);
          if (batch.length === 1 && (r.status === 422 || r.status === 400)) {
            msg = (T.refused || '{item}: {msg}').replace('{item}', batch[0].item).replace('{msg}', msg);
            unmark(batch[0].item, msg);
          }
          done(batch, msg);
        });
      }
      throw new Error('HTTP ' + r.status);
    }).catch(function () {
      sending = false;
      failed = true;
      refresh();
      retry();
    });
  }
  function done(batch, err) {
    var q = queue().filter(function (x) {
      return !batch.some(function (b) { return b.item === x.item && b.at === x.at; });
    });
    save(q);
    sending = false;
    failed = false;
    if (!q.length) single = false;
    if (err) {
      say(fill(T.error, 0, err), 'is-error');
    } else if (!q.length) {
      say(T.saved, '');
      hideTimer = setTimeout(function () { if (!queue().length) say('', ''); }, 2500);
    }
    if (q.length) flush();
  }
  function retry() {
    if (timer) return;
    timer = setTimeout(function () { timer = null; flush(); }, 15000);
  }

  // ---- screens (the item view) ----
  function itemOf(href) {
    try { return new URL(href, location.href).searchParams.get('item'); } catch (e) { return null; }
  }
  function livePhotos(s) {
    var slot = s.querySelector('.asm-photos-slot');
    if (!slot || navigator.onLine === false) return;
    var div = document.createElement('div');
    div.className = 'audit-photos';
    div.setAttribute('hx-get', slot.getAttribute('data-src'));
    div.setAttribute('hx-trigger', 'load');
    div.setAttribute('hx-swap', 'outerHTML');
    slot.replaceWith(div);
    if (window.htmx) window.htmx.process(div);
  }
  function showItem(key) {
    var target = sectionOf(key);
    if (!target) return false;
    root.querySelectorAll('.asm-item').forEach(function (s) { s.hidden = s !== target; });
    var pos = document.getElementById('asm-pos');
    if (pos) pos.textContent = target.getAttribute('data-n') || String(total);
    livePhotos(target);
    try {
      var u = new URL(location.href);
      u.searchParams.set('item', key);
      u.hash = '';
      history.replaceState(null, '', u.toString());
    } catch (e) { /* an old browser keeps the URL */ }
    var top = root.getBoundingClientRect().top + window.pageYOffset - 8;
    if (window.pageYOffset > top) window.scrollTo(0, top);
    var first = target.querySelector('input[name="value"]:checked') || target.querySelector('input, a, button');
    if (first && first.focus) first.focus({ preventScroll: true });
    return true;
  }

  root.addEventListener('click', function (e) {
    if (listView) return;
    var a = e.target.closest('a.asm-prev, a.asm-skip');
    if (!a) return;
    var k = itemOf(a.getAttribute('href'));
    if (k && showItem(k)) e.preventDefault();
  });
  root.addEventListener('change', function (e) {
    var t = e.target;
    if (readonly || !t.form || !t.form.classList.contains('asm-answer')) return;
    if (t.name === 'value' || t.name === 'note') {
      var a = answerOf(t.form);
      if (a) enqueue(a);
    }
  });
  root.addEventListener('submit', function (e) {
    var f = e.target;
    if (f.classList.contains('asm-answer')) {
      if (readonly) return;
      var a = answerOf(f);
      if (!a) return;
      e.preventDefault();
      enqueue(a);
      if (!listView) {
        var next = f.querySelector('input[name="next"]');
        var k = next ? itemOf(next.value) : null;
        if (k) showItem(k);
      }
      return;
    }
    if (f.classList.contains('asm-submit-form') && queue().length) {
      e.preventDefault();
      say(T.wait, 'is-offline');
      flush();
    }
  });

  window.addEventListener('online', function () {
    failed = false;
    flush();
    root.querySelectorAll('.asm-item:not([hidden])').forEach(livePhotos);
  });
  window.addEventListener('offline', function () { failed = true; refresh(); });
  // The answers stored already (the page's): a refused change of one
  // leaves it answered.
  root.querySelectorAll('.asm-item[data-answered]').forEach(function (s) { s.setAttribute('data-stored', '1'); });
  pending();
  flush();
})();
