// judging.js: the score sheet's running total and range hint, and the
// feedback report's print button. Loaded deferred by the pages that use it.
(function () {
  'use strict';
  function parse(v) {
    v = (v || '').trim();
    if (v.indexOf(',') >= 0) v = v.replace(/\./g, '').replace(',', '.');
    if (v === '') return null;
    var n = Number(v);
    return isNaN(n) ? NaN : n;
  }
  function init() {
    var form = document.querySelector('.jd-score-form');
    if (form) {
      var out = form.querySelector('.jd-total-value');
      var update = function () {
        var sum = 0;
        form.querySelectorAll('.jd-points').forEach(function (el) {
          var n = parse(el.value), max = parse(el.getAttribute('data-max'));
          var bad = n !== null && (isNaN(n) || n < 0 || (max !== null && n > max));
          el.classList.toggle('jd-out', bad);
          if (n !== null && !isNaN(n)) sum += n;
        });
        if (out) out.textContent = (Math.round(sum * 10) / 10).toLocaleString(document.documentElement.lang === 'en' ? 'en' : 'vi');
      };
      form.addEventListener('input', update);
      update();
    }
    document.querySelectorAll('[data-print]').forEach(function (b) {
      b.addEventListener('click', function () { window.print(); });
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init); else init();
})();
