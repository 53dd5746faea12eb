// The verification page's print button (CSP allows no inline script).
(function () {
  'use strict';
  document.addEventListener('click', function (e) {
    var b = e.target && e.target.closest && e.target.closest('.cert-print');
    if (b) {
      e.preventDefault();
      window.print();
    }
  });
})();
