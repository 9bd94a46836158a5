// Preview only: asks the preview server whether the site changed (a good build, or new
// problems); the server answers as soon as it does (or after a while, and the page asks
// again), and the page reloads.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me.getAttribute("data-cchc-version");
  var state = me.getAttribute("data-cchc-state") + "?v=" + encodeURIComponent(version);
  function ask() {
    fetch(state, { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (String(s.version) !== version) { location.reload(); return; }
        ask();
      })
      .catch(function () { setTimeout(ask, 1000); });
  }
  ask();
})();
