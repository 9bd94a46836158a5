/*
 * The colour scheme: light ("default") or dark ("slate", Material's dark scheme), on <html>.
 * Loaded in <head> without defer, so the first frame a page paints already has the right
 * scheme (no flash). Follows the system's prefers-color-scheme until the reader picks one
 * with the header button; the choice is kept in localStorage (Material's __md_set, scoped to
 * the site's path) and wins from then on. A file, not an inline script: the
 * Content-Security-Policy allows no inline script (docs-dev/hosting.md).
 */
(function () {
  "use strict";
  var KEY = "cchc-scheme";
  var LABELS = { "default": "Chuyển sang nền tối", slate: "Chuyển sang nền sáng" };
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function stored() {
    try {
      var value = window.__md_get ? window.__md_get(KEY) : JSON.parse(localStorage.getItem(KEY));
      return value === "slate" || value === "default" ? value : null;
    } catch (e) {
      return null;
    }
  }
  function system() {
    return media && media.matches ? "slate" : "default";
  }
  function label() {
    var buttons = document.querySelectorAll(".cchc-scheme");
    var text = LABELS[root.getAttribute("data-md-color-scheme")];
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-label", text);
      buttons[i].setAttribute("title", text);
    }
  }
  function apply(scheme) {
    root.setAttribute("data-md-color-scheme", scheme);
    label();
  }
  root.classList.add("cchc-scheme-on"); /* shows the switch (cchc.css) before the first paint */
  /* The page runs scripts: Material's "js" class on <html> (its bundle, which the site does not
     load, set it), so Material's CSS shows what needs JavaScript (the search) from the first paint. */
  root.classList.replace("no-js", "js");
  apply(stored() || system());
  if (media && media.addEventListener) {
    media.addEventListener("change", function () {
      if (!stored()) apply(system());
    });
  }
  function wire() {
    label();
    var buttons = document.querySelectorAll(".cchc-scheme");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener("click", function () {
        var next = root.getAttribute("data-md-color-scheme") === "slate" ? "default" : "slate";
        if (window.__md_set) window.__md_set(KEY, next);
        else {
          try {
            localStorage.setItem(KEY, JSON.stringify(next));
          } catch (e) {
            /* private mode: the choice lasts for this page only */
          }
        }
        apply(next);
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
