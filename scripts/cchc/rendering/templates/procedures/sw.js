/* The procedures guide offline: a service worker published as thu-tuc/sw.js (its scope is
   the guide). Written by scripts/cchc/procedures/offline.py, which fills BUILD with the
   build's id and time; registered by assets/javascripts/offline.js.

   - One cache per build ("cchc-thu-tuc-<id>"): a rebuilt site is a new worker, which fetches
     again, from the network, every page the old cache held, then deletes the old cache.
   - Pages: network first, the cached copy only when the network fails (never a stale page
     while the site can be reached); the copy is marked so the page says it is offline.
   - The guide's index is kept at install; a page of the guide, and the files it needs, when
     a resident opens it (offline.js asks). Only this site's own files, only GET. */
"use strict";

var BUILD = {}; /* cchc:build */
var PREFIX = "cchc-thu-tuc-";
var CACHE = PREFIX + BUILD.id;
var SCOPE = self.registration.scope;

/* This build's cache, never made again once a newer worker deleted it (caches.open would):
   an old worker still answering a request must not bring back its cache. */
function own() {
  return caches.has(CACHE).then(function (has) { return has ? caches.open(CACHE) : null; });
}

function dropOthers() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  });
}

function same(url) {
  return new URL(url, SCOPE).origin === self.location.origin;
}

function keep(cache, urls) {
  if (!cache) return Promise.resolve();
  return Promise.all(urls.filter(same).map(function (url) {
    return fetch(url, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
      if (response.ok && response.type === "basic") return cache.put(url, response);
    }).catch(function () {});
  }));
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    var old = names.filter(function (name) { return name.indexOf(PREFIX) === 0 && name !== CACHE; });
    return Promise.all(old.map(function (name) {
      return caches.open(name).then(function (cache) { return cache.keys(); });
    })).then(function (lists) {
      var urls = [SCOPE];
      lists.forEach(function (requests) {
        requests.forEach(function (request) {
          if (urls.indexOf(request.url) < 0) urls.push(request.url);
        });
      });
      return caches.open(CACHE).then(function (cache) { return keep(cache, urls); });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(dropOthers().then(function () { return self.clients.claim(); }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type !== "cchc-keep" || !Array.isArray(data.urls)) return;
  var urls = data.urls.filter(function (url) { return typeof url === "string"; }).slice(0, 100);
  event.waitUntil(own().then(function (cache) {
    return keep(cache, urls);
  }).then(dropOthers).then(function () {
    if (event.source) event.source.postMessage({ type: "cchc-kept", build: BUILD.id });
  }));
});

/* The cached page, marked for offline.js: data-cchc-offline holds the build's time. */
function offlineCopy(response) {
  return response.text().then(function (html) {
    var marked = html.replace(/<html\b/i, '<html data-cchc-offline="' + BUILD.built + '"');
    var headers = new Headers(response.headers);
    headers.set("Content-Type", "text/html; charset=utf-8");
    return new Response(marked, { status: 200, statusText: "OK", headers: headers });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !same(request.url)) return;
  var page = request.mode === "navigate";
  event.respondWith(own().then(function (cache) {
    return fetch(request).then(function (response) {
      var mine = !page || request.url.indexOf(SCOPE) === 0;
      if (cache && response.ok && response.type === "basic" && mine) {
        cache.put(request, response.clone());
      }
      return response;
    }).catch(function (error) {
      if (!cache) throw error;
      return cache.match(request, { ignoreSearch: page }).then(function (cached) {
        if (!cached) throw error;
        return page ? offlineCopy(cached) : cached;
      });
    });
  }));
});
