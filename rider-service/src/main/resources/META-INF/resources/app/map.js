// A small slippy-map view without any library: the tiles that cover the places, and a line through them.
// It shows only once a tile has loaded; if the tile server cannot be reached the map stays hidden and the app
// works on with the links to the phone's maps app.

const TILE = 256;
let tilesUnreachableUntil = 0;

function project(lat, lon, zoom) {
    const scale = TILE * 2 ** zoom;
    const sin = Math.sin(lat * Math.PI / 180);
    return {
        x: (lon + 180) / 360 * scale,
        y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale,
    };
}

function fittingZoom(places, width, height) {
    for (let zoom = 17; zoom > 3; zoom--) {
        const xy = places.map(p => project(p.lat, p.lon, zoom));
        const w = Math.max(...xy.map(p => p.x)) - Math.min(...xy.map(p => p.x));
        const h = Math.max(...xy.map(p => p.y)) - Math.min(...xy.map(p => p.y));
        if (w <= width - 60 && h <= height - 60) return zoom;
    }
    return 4;
}

/**
 * Draws places [{lat, lon, label, kind}] into the element, with tiles from tileUrl ("…/{z}/{x}/{y}.png"), joined by
 * the street route when one is given (route: [{lat, lon}, …] from the router) and by straight lines otherwise.
 * Does nothing visible when tileUrl is empty or the tiles fail to load.
 */
export function drawMap(element, tileUrl, attribution, places, route) {
    element.hidden = true;
    element.replaceChildren();
    if (!tileUrl || places.length === 0 || Date.now() < tilesUnreachableUntil) return;
    const width = element.clientWidth || element.parentElement.clientWidth || 328;
    const height = 180;
    const line = route && route.length > 1 ? route : null;
    const zoom = fittingZoom(line ? places.concat(line) : places, width, height);
    const xy = places.map(p => project(p.lat, p.lon, zoom));
    const centre = {
        x: (Math.max(...xy.map(p => p.x)) + Math.min(...xy.map(p => p.x))) / 2,
        y: (Math.max(...xy.map(p => p.y)) + Math.min(...xy.map(p => p.y))) / 2,
    };
    const left = centre.x - width / 2;
    const top = centre.y - height / 2;
    const max = 2 ** zoom;
    let shown = false;
    for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + width) / TILE); tx++) {
        for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + height) / TILE); ty++) {
            if (ty < 0 || ty >= max) continue;
            const img = document.createElement('img');
            img.className = 'tile';
            img.alt = '';
            img.style.left = `${tx * TILE - left}px`;
            img.style.top = `${ty * TILE - top}px`;
            img.onload = () => {
                if (!shown) element.hidden = false;
                shown = true;
            };
            img.onerror = () => {
                if (!shown) tilesUnreachableUntil = Date.now() + 5 * 60 * 1000;
            };
            img.src = tileUrl.replace('{z}', zoom).replace('{x}', ((tx % max) + max) % max).replace('{y}', ty);
            element.append(img);
        }
    }
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const path = line ? line.map(p => project(p.lat, p.lon, zoom)) : xy;
    const points = path.map(p => `${(p.x - left).toFixed(1)},${(p.y - top).toFixed(1)}`).join(' ');
    svg.innerHTML = `<polyline points="${points}" fill="none" stroke="#0b6e4f" stroke-width="5"
        stroke-linecap="round" stroke-linejoin="round" ${line ? '' : 'stroke-dasharray="10 7"'} opacity=".9"/>` +
        places.map((p, i) => `<g transform="translate(${(xy[i].x - left).toFixed(1)},${(xy[i].y - top).toFixed(1)})">
            <circle r="13" fill="${p.kind === 'me' ? '#2563eb' : p.kind === 'pickup' ? '#0b6e4f' : '#b3261e'}"
                stroke="#fff" stroke-width="3"/>
            <text y="5" text-anchor="middle" font-size="13" font-weight="700" fill="#fff">${p.label}</text></g>`)
            .join('');
    element.append(svg);
    const caption = document.createElement('span');
    caption.className = 'caption';
    caption.textContent = line ? 'Bike route' : 'Straight lines, not the street route';
    const credit = document.createElement('span');
    credit.className = 'attribution';
    credit.textContent = attribution || '';
    element.append(caption, credit);
}

/** Great-circle distance in metres. */
export function metresBetween(a, b) {
    const rad = Math.PI / 180;
    const dLat = (b.lat - a.lat) * rad;
    const dLon = (b.lon - a.lon) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** geo: URI, which Android hands to the rider's maps app. */
export function geoUri(place, label) {
    return `geo:${place.lat},${place.lon}?q=${place.lat},${place.lon}(${encodeURIComponent(label)})`;
}

/** A bike route on openstreetmap.org, for phones without a geo: handler (iPhones) and for desktops. */
export function osmRoute(from, to) {
    const target = `${to.lat},${to.lon}`;
    if (!from) return `https://www.openstreetmap.org/?mlat=${to.lat}&mlon=${to.lon}#map=17/${target.replace(',', '/')}`;
    return `https://www.openstreetmap.org/directions?engine=fossgis_osrm_bike&route=${from.lat},${from.lon};${target}`;
}
