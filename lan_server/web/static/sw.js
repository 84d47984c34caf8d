/* The page's own files kept for offline use (the data the user saw is kept by app.js). Network first, so a
   new version of the pages arrives at once; the kept copy only when the office server cannot be reached. */
"use strict";
const CACHE = "organizer-pages";
const FILES = ["/", "/static/app.js", "/static/talk.js", "/static/app.css", "/static/words-en.json", "/static/words-ru.json",
               "/icon.svg", "/manifest.webmanifest"];

self.addEventListener("install", e => {
  e.waitUntil(caches.open(CACHE).then(c => c.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", e => { e.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", e => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  e.respondWith(fetch(e.request).then(r => {
    if (r.ok && FILES.includes(url.pathname)) {
      const copy = r.clone();
      caches.open(CACHE).then(c => c.put(e.request, copy));
    }
    return r;
  }).catch(() => caches.match(e.request, {ignoreSearch: true}).then(r => r || caches.match("/"))));
});
