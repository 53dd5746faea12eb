// NSCL portal.js — the home page's map of activity by province. ECharts
// (about 1 MB) is loaded only when the map comes into view or its button is
// pressed, so that a phone on a slow connection gets the page first.
// Plain ES2017, no inline script (CSP: script-src 'self').
(function () {
  'use strict';
  // Print buttons (the honour pages).
  document.querySelectorAll('[data-print]').forEach(function (b) {
    b.addEventListener('click', function () { window.print(); });
  });

  var el = document.getElementById('portal-map');
  if (!el) return;
  var started = false;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      if (!src) { resolve(); return; }
      var s = document.createElement('script');
      s.src = src;
      s.onload = function () { resolve(); };
      s.onerror = function () { reject(new Error('load ' + src)); };
      document.head.appendChild(s);
    });
  }

  function fail(err) {
    console.error('nscl: portal map', err);
    el.textContent = el.getAttribute('data-error') || 'Không tải được bản đồ.';
    el.classList.remove('is-loading');
  }

  function start() {
    if (started) return;
    started = true;
    el.classList.add('is-loading');
    var geo = fetch(el.getAttribute('data-map-src'), { credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    var lib = window.echarts ? Promise.resolve() : loadScript(el.getAttribute('data-echarts'))
      .then(function () { return loadScript(el.getAttribute('data-echarts-vi')); });
    Promise.all([geo, lib]).then(function (res) {
      if (!window.echarts) throw new Error('echarts not loaded');
      echarts.registerMap('vn', res[0]);
      el.textContent = '';
      el.classList.remove('is-loading');
      var c = echarts.init(el, null, { locale: /^vi/i.test(document.documentElement.lang) ? 'VI' : 'EN' });
      c.setOption(JSON.parse(el.getAttribute('data-portal-chart')), true);
      var t;
      window.addEventListener('resize', function () { clearTimeout(t); t = setTimeout(function () { c.resize(); }, 150); });
    }).catch(fail);
  }

  var btn = el.querySelector('.portal-map-load');
  if (btn) btn.addEventListener('click', start);
  if ('IntersectionObserver' in window) {
    var io = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { io.disconnect(); start(); }
    }, { rootMargin: '200px' });
    io.observe(el);
  }
})();
