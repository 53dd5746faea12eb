// NSCL app.js — plain ES2017, no build step, no inline script needed (CSP: script-src 'self').
// Load after htmx, all deferred (echarts-lang-vi.js after echarts gives Vietnamese chart labels):
//   <script src="/static/vendor/htmx.min.js" defer></script>
//   <script src="/static/vendor/echarts.min.js" defer></script>   (pages with charts only)
//   <script src="/static/app.js" defer></script>
(function () {
  'use strict';

  // htmx: run before its DOMContentLoaded init, so the settings apply. Indicator styles live in
  // app.css (htmx would inject an inline <style>, which the CSP blocks); no eval under the CSP.
  if (window.htmx) {
    htmx.config.includeIndicatorStyles = false;
    htmx.config.allowEval = false;
  } else {
    console.warn('nscl: htmx not loaded');
  }

  // forms (or buttons) with data-confirm="…" ask before submitting
  document.addEventListener('submit', function (e) {
    var f = e.target, s = e.submitter;
    var msg = (s && s.getAttribute('data-confirm')) || (f && f.getAttribute && f.getAttribute('data-confirm'));
    if (msg && !window.confirm(msg)) { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);
  // links with data-confirm too
  document.addEventListener('click', function (e) {
    var a = e.target.closest && e.target.closest('a[data-confirm]');
    if (a && !window.confirm(a.getAttribute('data-confirm'))) { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);

  function hideFlash(el) {
    el.classList.add('is-hiding');
    setTimeout(function () { el.remove(); }, 450);
  }
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('.flash-close');
    if (b && b.closest('.flash')) hideFlash(b.closest('.flash'));
  });

  var charts = [];
  function initChart(el, option) {
    if (!window.echarts) { console.warn('nscl: echarts not loaded'); return; }
    var c = echarts.getInstanceByDom(el) || echarts.init(el, null, { locale: /^vi/i.test(document.documentElement.lang) ? 'VI' : 'EN' });
    c.setOption(option, true);
    if (charts.indexOf(c) < 0) charts.push(c);
  }
  // Maps: an element with data-map-src="…json" (GeoJSON) registers the map
  // under data-map-name (default "vn") before its option is applied; with
  // data-map-link="/path?x={code}" a click on a region whose data item has
  // a code goes there (drill-down).
  var maps = {};
  function loadMap(el) {
    var src = el.getAttribute('data-map-src'), name = el.getAttribute('data-map-name') || 'vn';
    if (!maps[src]) {
      maps[src] = fetch(src, { credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error(r.status + ' ' + src); return r.json(); })
        .then(function (geo) { echarts.registerMap(name, geo); });
    }
    return maps[src];
  }
  function mapLinks(el) {
    var link = el.getAttribute('data-map-link'), c = window.echarts && echarts.getInstanceByDom(el);
    if (!link || !c) return;
    c.on('click', function (p) {
      if (p && p.data && p.data.code) window.location.href = link.replace('{code}', encodeURIComponent(p.data.code));
    });
  }
  function loadChart(el) {
    if (el.dataset.chartReady) return;
    el.dataset.chartReady = '1';
    var src = el.getAttribute('data-chart-src'), raw = el.getAttribute('data-chart');
    if (raw && el.hasAttribute('data-map-src')) {
      if (!window.echarts) { console.warn('nscl: echarts not loaded'); return; }
      loadMap(el)
        .then(function () { initChart(el, JSON.parse(raw)); mapLinks(el); })
        .catch(function (err) { console.error('nscl: map', err); el.textContent = el.getAttribute('data-chart-error') || 'Không tải được bản đồ.'; });
      return;
    }
    try {
      if (raw) { initChart(el, JSON.parse(raw)); return; }
    } catch (err) { console.error('nscl: bad data-chart JSON', err); return; }
    if (src) {
      fetch(src, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
        .then(function (r) { if (!r.ok) throw new Error(r.status + ' ' + src); return r.json(); })
        .then(function (opt) { initChart(el, opt); })
        .catch(function (err) { console.error('nscl: chart', err); el.textContent = el.getAttribute('data-chart-error') || 'Không tải được biểu đồ.'; });
    }
  }

  function init(root) {
    root.querySelectorAll('.flash-success').forEach(function (el) {
      if (el.dataset.timed) return;
      el.dataset.timed = '1';
      setTimeout(function () { hideFlash(el); }, 6000);
    });
    root.querySelectorAll('[data-chart],[data-chart-src]').forEach(loadChart);
  }

  var t;
  window.addEventListener('resize', function () {
    clearTimeout(t);
    t = setTimeout(function () {
      charts = charts.filter(function (c) { return !c.isDisposed() && document.contains(c.getDom()); });
      charts.forEach(function (c) { c.resize(); });
    }, 150);
  });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', function () { init(document); });
  else init(document);
  // content swapped in by htmx
  document.addEventListener('htmx:load', function (e) { if (e.target && e.target.querySelectorAll) init(e.target); });
})();
