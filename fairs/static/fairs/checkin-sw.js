// The door app's service worker (served from /fairs/checkin-sw.js, scope /fairs/): it keeps the
// check-in and kiosk pages and what they load (styles, scripts, the QR decoder and its
// WebAssembly) so that a door reopened without the network still opens and scans. The pages
// post the list of their files ("keep") each time they load online; the ticket list and the
// queue of admissions live in IndexedDB, written by the page (checkin.js), not here.
"use strict";

var CACHE = "jinpin-doors-v1";
var DOOR_PAGE = /^\/fairs\/(\d+\/checkin|kiosk\/[^/]+)\/$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("jinpin-doors-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "keep") return;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(event.data.urls.filter(Boolean).map(function (url) {
      return cache.add(new Request(url, { credentials: "same-origin", cache: "reload" })).catch(function () {});
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (DOOR_PAGE.test(url.pathname)) {
    // The page: fresh from the network while there is one (and kept), else the kept copy.
    event.respondWith(fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(url.pathname, copy); });
      }
      return response;
    }).catch(function () {
      return caches.match(url.pathname).then(function (kept) { return kept || Response.error(); });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0 || /manifest\.webmanifest$/.test(url.pathname)) {
    // What the pages load: from the network, or the kept copy without one.
    event.respondWith(fetch(request).catch(function () {
      return caches.match(request, { ignoreSearch: true }).then(function (kept) {
        return kept || Response.error();
      });
    }));
  }
});
