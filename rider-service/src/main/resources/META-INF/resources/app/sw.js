// Offline shell: the app's own files are cached at install and served from the cache when the network is down.
// Pages and files are fetched from the network first, so a new version is seen at once when online; the API, the
// live feed and map tiles are never cached (they only make sense live).
const CACHE = 'coop-courier-v3';
const SHELL = ['./', 'index.html', 'app.css', 'app.js', 'api.js', 'map.js', 'manifest.webmanifest', 'icon.svg',
    'icon-192.png', 'icon-512.png', 'assembly.html', 'assembly.js', 'assembly.css'];

self.addEventListener('install', event => {
    event.waitUntil(caches.open(CACHE).then(cache => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', event => {
    event.waitUntil(caches.keys()
        .then(keys => Promise.all(keys.filter(k => k !== CACHE).map(k => caches.delete(k))))
        .then(() => self.clients.claim()));
});

self.addEventListener('fetch', event => {
    const url = new URL(event.request.url);
    const shellFile = event.request.method === 'GET' && url.origin === location.origin
        && url.pathname.startsWith(new URL('./', location).pathname);
    if (!shellFile) return;
    event.respondWith(fetch(event.request)
        .then(response => {
            if (response.ok) {
                const copy = response.clone();
                caches.open(CACHE).then(cache => cache.put(event.request, copy));
            }
            return response;
        })
        .catch(() => caches.match(event.request, {ignoreSearch: true})
            .then(cached => cached || caches.match('index.html'))));
});
