// NSCL finding.js — photo evidence in the audit form (no inline script: CSP).
// The photo slot is an htmx fragment (partials_finding.html) that links this
// file each time it loads, so the handlers are set up once, on the document.
(function () {
  'use strict';
  if (window.nsclFindingPhotos) return;
  window.nsclFindingPhotos = true;

  // A refused photo (422: not an image, over the limits; 413: too large)
  // answers the fragment with its message: show it, as htmx does not swap
  // error statuses by itself.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var d = e.detail, elt = d && d.elt;
    if (!elt || !elt.closest || !elt.closest('.finding-photos')) return;
    var st = d.xhr && d.xhr.status;
    if (st === 413 || st === 422) {
      d.shouldSwap = true;
      d.isError = false;
    }
  });

  // Uploading needs a connection: say so while offline (the answers of the
  // audit form are kept in the browser meanwhile), and after a request
  // that could not be sent.
  function mark(offline) {
    document.querySelectorAll('.finding-photos').forEach(function (slot) {
      slot.classList.toggle('is-offline', offline);
      var note = slot.querySelector('.finding-offline');
      if (note) note.hidden = !offline;
      slot.querySelectorAll('.finding-photo-send').forEach(function (b) { b.disabled = offline; });
    });
  }
  window.addEventListener('online', function () { mark(false); });
  window.addEventListener('offline', function () { mark(true); });
  document.addEventListener('htmx:load', function () { if (navigator.onLine === false) mark(true); });
  document.addEventListener('htmx:sendError', function (e) {
    var elt = e.detail && e.detail.elt;
    if (elt && elt.closest && elt.closest('.finding-photos')) mark(true);
  });

  // Choosing a photo (or taking it with the camera) sends it at once; the
  // button stays for browsers that need it.
  document.addEventListener('change', function (e) {
    var input = e.target;
    if (!input.classList || !input.classList.contains('finding-photo-input') || !input.files || !input.files.length) return;
    if (navigator.onLine === false) { mark(true); return; }
    var form = input.form;
    if (form && form.requestSubmit) form.requestSubmit();
  });
})();
