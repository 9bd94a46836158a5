/* The procedures guide offline (service worker thu-tuc/sw.js, made by the build): registered
   from every page, so that after one visit the guide's index and each procedure page the
   resident opened can be read without a network. Where service workers are unavailable
   (an old browser, a page not served over https) nothing happens and the site works as
   before. A page the worker served from its cache is marked (data-cchc-offline: when the
   site was built); the note below says so. */
(function () {
  "use strict";

  function siteBase() {
    var config = document.getElementById("__config");
    var base = ".";
    try {
      base = JSON.parse(config.textContent).base || ".";
    } catch (error) {
      base = ".";
    }
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  }

  function builtText(value) {
    /* "2026-11-25T12:00+07:00" → "12:00 ngày 25/11/2026" (the site's own time zone). */
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || "");
    if (!m) return "";
    return m[4] + ":" + m[5] + " ngày " + Number(m[3]) + "/" + Number(m[2]) + "/" + m[1];
  }

  function showNote() {
    var built = document.documentElement.getAttribute("data-cchc-offline");
    if (built === null) return;
    var article = document.querySelector(".md-content__inner") || document.body;
    var note = document.createElement("div");
    note.className = "admonition info cchc-offline-note";
    note.setAttribute("role", "status");
    var title = document.createElement("p");
    title.className = "admonition-title";
    title.textContent = "Bản lưu ngoại tuyến";
    var text = document.createElement("p");
    var when = builtText(built);
    text.textContent = "Máy đang không có mạng: đây là bản đã lưu trên máy" +
      (when ? " của trang cập nhật lúc " + when : "") +
      ". Khi có mạng, hãy tải lại trang để xem bản mới nhất.";
    note.appendChild(title);
    note.appendChild(text);
    article.insertBefore(note, article.firstChild);
  }

  function register() {
    if (!("serviceWorker" in navigator) || !window.isSecureContext) return;
    var base = siteBase();
    var scope = new URL("thu-tuc/", base);
    navigator.serviceWorker.register(new URL("sw.js", scope).href, { scope: scope.href }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (!registration.active || document.documentElement.hasAttribute("data-cchc-offline")) return;
      var urls = [];
      if (window.location.href.indexOf(scope.href) === 0) urls.push(window.location.href.split("#")[0]);
      var entries = performance.getEntriesByType("resource");
      for (var i = 0; i < entries.length; i++) {
        var url = entries[i].name;
        if (url.indexOf(base.origin + "/") === 0) urls.push(url);
      }
      registration.active.postMessage({ type: "cchc-keep", urls: urls });
    }).catch(function () {});
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showNote);
  } else {
    showNote();
  }
  window.addEventListener("load", register);
})();
