// Preview only: asks the preview server every half second whether the site changed
// (a good build, or new problems) and reloads the page when it did.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me.getAttribute("data-cchc-version");
  var state = me.getAttribute("data-cchc-state");
  function poll() {
    fetch(state, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (String(s.version) !== version) { location.reload(); return; }
        setTimeout(poll, 500);
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  setTimeout(poll, 500);
})();
