/*
 * Material's bundle treats every <link rel="alternate"> as another language version of the
 * site and downloads sitemap.xml once per such link on every page view (and a 404 for feeds
 * below the root). Ours are feed links, so they are hidden from that lookup: no extra
 * request, no console error, feed autodiscovery unchanged. Loaded before the bundle
 * (overrides/main.html, block scripts); a file, not an inline script, so that the
 * Content-Security-Policy needs no inline script (docs-dev/hosting.md).
 */
(function () {
  var original = Document.prototype.querySelectorAll;
  Document.prototype.querySelectorAll = function (selector) {
    return selector === "link[rel=alternate]" ? [] : original.call(this, selector);
  };
})();
