// The courier app: log in, go online (sharing the phone's position), answer offers, run the job, see earnings.
// Plain ES modules, no build step. The server is the source of truth: the app re-reads it on start, on every
// live message it cannot apply by itself, and every 15 s as a fallback for a dropped connection.
import {Api, ApiError, LiveFeed} from './api.js';
import {drawMap, geoUri, metresBetween, osmRoute} from './map.js';

const $ = (id) => document.getElementById(id);
const SESSION_KEY = 'coop.courier.session';
const SNAPSHOT_KEY = 'coop.courier.snapshot';
const POLL_MS = 15000;
// A shift outlasts a token: the app exchanges it for a new one this long before it expires.
const TOKEN_RENEW_BEFORE_MS = 10 * 60000;
const PHOTO_EDGE = 1280;

const state = {
    settings: {tileUrl: null, tileAttribution: '', currency: 'EUR', locationIntervalSeconds: 10},
    session: null,      // {token, riderId, username, expiresAt}
    profile: null,
    online: false,
    offers: [],         // open offers, each with receivedAt (ms) to count its seconds down locally
    answering: null,    // the offer accepted, until dispatch confirms the assignment
    job: null,          // the job in progress (ASSIGNED or PICKED_UP)
    failing: false,     // the failure form is open
    earnings: null,
    queue: null,
    position: null,     // the phone's last known position {lat, lon}
    pendingPoints: [],  // positions not sent yet
    feed: null,
    watchId: null,
    timers: [],
};

const api = new Api(() => logOut('Your session has ended: log in again.'));

// ---- helpers -------------------------------------------------------------------------------------------------

function money(cents) {
    if (cents === null || cents === undefined) return '–';
    return new Intl.NumberFormat(undefined, {style: 'currency', currency: state.settings.currency})
        .format(cents / 100);
}

function distance(metres) {
    return metres < 1000 ? `${Math.round(metres / 10) * 10} m` : `${(metres / 1000).toFixed(1)} km`;
}

function minutes(seconds) {
    return `${Math.max(1, Math.round(seconds / 60))} min`;
}

function ordinal(n) {
    const suffix = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({1: 'st', 2: 'nd', 3: 'rd'}[n % 10] || 'th');
    return `${n}${suffix}`;
}

/** "3 jobs", and how many of them had no price ("3 jobs, 1 unpriced"). */
function jobsCount(total) {
    const jobs = total.jobs === 1 ? '1 job' : `${total.jobs} jobs`;
    return total.unpricedJobs ? `${jobs}, ${total.unpricedJobs} unpriced` : jobs;
}

let toastTimer;
function toast(text) {
    const el = $('toast');
    el.textContent = text;
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { el.hidden = true; }, 4500);
}

function showError(id, error) {
    const el = $(id);
    el.textContent = error ? (error.message || String(error)) : '';
    el.hidden = !error;
}

async function busy(button, work) {
    button.disabled = true;
    try {
        return await work();
    } finally {
        button.disabled = false;
    }
}

function secondsLeft(offer) {
    return offer.secondsLeft - (Date.now() - offer.receivedAt) / 1000;
}

function currentOffer() {
    if (state.answering) return state.offers.find(o => o.offerId === state.answering) || null;
    return state.offers.find(o => secondsLeft(o) > 0) || null;
}

function withReceipt(offer) {
    return {...offer, receivedAt: Date.now()};
}

// ---- session -------------------------------------------------------------------------------------------------

function saveSession() {
    if (state.session) localStorage.setItem(SESSION_KEY, JSON.stringify(state.session));
    else localStorage.removeItem(SESSION_KEY);
}

function loadSession() {
    try {
        const s = JSON.parse(localStorage.getItem(SESSION_KEY));
        return s && s.token && s.expiresAt > Date.now() + 60000 ? s : null;
    } catch (e) {
        return null;
    }
}

/** What the home screen last showed, so that the app opened without a network still shows it. */
function saveSnapshot() {
    const {profile, earnings, online} = state;
    localStorage.setItem(SNAPSHOT_KEY, JSON.stringify({riderId: state.session.riderId, profile, earnings, online}));
}

function loadSnapshot() {
    try {
        const s = JSON.parse(localStorage.getItem(SNAPSHOT_KEY));
        if (s && state.session && s.riderId === state.session.riderId) {
            Object.assign(state, {profile: s.profile, earnings: s.earnings, online: s.online});
        }
    } catch (e) { /* nothing to show */ }
}

async function logIn(event) {
    event.preventDefault();
    showError('login-error', null);
    const username = $('username').value.trim();
    const password = $('password').value;
    await busy($('login-button'), async () => {
        try {
            const reply = await api.login(username, password);
            if (!reply.roles.includes('rider')) {
                throw new Error('This account is not a rider account.');
            }
            state.session = {token: reply.accessToken, riderId: reply.memberId, username,
                expiresAt: Date.now() + reply.expiresIn * 1000};
            saveSession();
            $('password').value = '';
            await start();
        } catch (e) {
            showError('login-error', e instanceof ApiError && e.status === 401
                ? new Error('Unknown username or wrong password.') : e);
        }
    });
}

function logOut(message) {
    stopLocation();
    state.timers.forEach(clearInterval);
    state.timers = [];
    if (state.feed) state.feed.close();
    Object.assign(state, {session: null, profile: null, online: false, offers: [], answering: null, job: null,
        earnings: null, queue: null, feed: null, failing: false});
    api.token = null;
    saveSession();
    localStorage.removeItem(SNAPSHOT_KEY);
    render();
    if (message) toast(message);
}

async function start() {
    api.token = state.session.token;
    loadSnapshot();
    render();
    state.feed = new LiveFeed(state.session.token, onLiveMessage, onConnection);
    await refresh();
    if (state.online) startLocation();
    refreshQueue();
    state.timers.push(setInterval(refresh, POLL_MS));
    state.timers.push(setInterval(refreshQueue, POLL_MS));
    state.timers.push(setInterval(tick, 1000));
    state.timers.push(setInterval(renewToken, 60000));
    renewToken();
}

/** Exchanges the token for a new one when it nears its end; the live feed reconnects with the new one. */
async function renewToken() {
    const session = state.session;
    if (!session || session.expiresAt - Date.now() > TOKEN_RENEW_BEFORE_MS) return;
    try {
        const reply = await api.renewToken();
        if (state.session !== session) return;
        state.session = {...session, token: reply.accessToken, expiresAt: Date.now() + reply.expiresIn * 1000};
        api.token = reply.accessToken;
        if (state.feed) state.feed.token = reply.accessToken;
        saveSession();
    } catch (e) {
        // No network: tried again in a minute. A refusal (401) has already logged the rider out.
    }
}

/** Re-reads profile, job, offers and earnings from the service. */
async function refresh() {
    if (!state.session) return;
    try {
        const [profile, jobs, offers, earnings] = await Promise.all([api.me(), api.jobs(), api.offers(),
            api.earnings()]);
        state.profile = profile;
        if (state.online !== profile.online) {
            state.online = profile.online;
            if (state.online) startLocation(); else stopLocation();
        }
        state.job = jobs.find(j => j.status === 'ASSIGNED' || j.status === 'PICKED_UP') || null;
        if (state.job) state.answering = null;
        const known = new Map(state.offers.map(o => [o.offerId, o]));
        state.offers = offers.map(o => known.get(o.offerId) || withReceipt(o));
        // The accepted offer is no longer open, but stays on screen until dispatch confirms or withdraws it.
        const answered = state.answering && known.get(state.answering);
        if (answered && !state.offers.includes(answered)) state.offers.unshift(answered);
        state.earnings = earnings;
        saveSnapshot();
    } catch (e) {
        if (!(e instanceof ApiError && e.status === 401)) console.warn('refresh failed', e);
    }
    render();
}

async function refreshEarnings() {
    try {
        state.earnings = await api.earnings();
        saveSnapshot();
    } catch (e) { /* shown at the next refresh */ }
    render();
}

/** The place in the rotation, if dispatch can tell it; hidden otherwise. */
async function refreshQueue() {
    if (!state.session || !state.online || state.job) {
        state.queue = null;
        return render();
    }
    try {
        state.queue = await api.queue();
    } catch (e) {
        state.queue = null;
    }
    render();
}

// ---- live feed -----------------------------------------------------------------------------------------------

function onConnection(status) {
    const el = $('connection');
    el.className = `connection ${status}`;
    el.textContent = status === 'live' ? 'Live: offers arrive at once' : 'Reconnecting to dispatch';
    el.title = el.textContent;
    if (status === 'live') refresh();
}

function onLiveMessage(message) {
    switch (message.type) {
        case 'Connected':
            state.offers = message.offers.map(withReceipt);
            break;
        case 'JobOffered':
            if (!state.offers.some(o => o.offerId === message.offerId)) {
                state.offers.push(withReceipt(message));
                if (navigator.vibrate) navigator.vibrate([250, 120, 250]);
            }
            break;
        case 'OfferWithdrawn':
            state.offers = state.offers.filter(o => o.offerId !== message.offerId);
            if (state.answering === message.offerId) state.answering = null;
            toast(`Offer withdrawn${message.reason ? `: ${message.reason}` : ''}`);
            break;
        case 'DeliveryAssigned':
            state.job = message;
            state.answering = null;
            state.offers = state.offers.filter(o => o.deliveryId !== message.deliveryId);
            refreshQueue();
            break;
        case 'DeliveryCancelled':
            if (state.job && state.job.deliveryId === message.deliveryId) state.job = null;
            toast(`The shop cancelled this delivery${message.cancelReason ? `: ${message.cancelReason}` : ''}`);
            refreshQueue();
            break;
        default:
            return;
    }
    render();
}

/** Once a second: count offers down, drop the expired ones. */
function tick() {
    const before = state.offers.length;
    state.offers = state.offers.filter(o => o.offerId === state.answering || secondsLeft(o) > -2);
    const expired = state.offers.length !== before;
    if (expired && !state.job) toast('The offer ran out of time');
    const offer = state.job ? null : currentOffer();
    const showing = document.body.dataset.screen === 'offer';
    if (offer && showing && $('offer-card').dataset.offerId === offer.offerId) {
        renderCountdown(offer);
    } else if (expired || showing !== !!offer) {
        render();
    }
}

// ---- going online and sharing the position -------------------------------------------------------------------

function currentPosition() {
    return new Promise((resolve, reject) => {
        if (!navigator.geolocation) return reject(new Error('This browser cannot tell your location.'));
        navigator.geolocation.getCurrentPosition(
            p => resolve({lat: p.coords.latitude, lon: p.coords.longitude}),
            () => reject(new Error('Allow location access to go online: dispatch offers jobs near you.')),
            {enableHighAccuracy: true, timeout: 15000, maximumAge: 30000});
    });
}

async function goOnline() {
    showError('home-error', null);
    await busy($('go-online'), async () => {
        try {
            state.position = await currentPosition();
            await api.goOnline(state.position.lat, state.position.lon);
            state.online = true;
            startLocation();
            refreshQueue();
        } catch (e) {
            showError('home-error', e);
        }
    });
    render();
}

async function goOffline() {
    showError('home-error', null);
    await busy($('go-offline'), async () => {
        try {
            await flushPositions();
            await api.goOffline();
            state.online = false;
            state.queue = null;
            stopLocation();
        } catch (e) {
            showError('home-error', e);
        }
    });
    render();
}

function startLocation() {
    if (state.watchId !== null || !navigator.geolocation) return;
    state.watchId = navigator.geolocation.watchPosition(p => {
        state.position = {lat: p.coords.latitude, lon: p.coords.longitude};
        state.pendingPoints.push({...state.position, at: new Date(p.timestamp || Date.now()).toISOString()});
        if (state.pendingPoints.length > 500) state.pendingPoints.splice(0, state.pendingPoints.length - 500);
    }, () => {
        $('location-state').textContent = 'Location unavailable: allow location access for this app.';
    }, {enableHighAccuracy: true, maximumAge: 5000});
    state.flushTimer = setInterval(flushPositions, state.settings.locationIntervalSeconds * 1000);
}

function stopLocation() {
    if (state.watchId !== null) navigator.geolocation.clearWatch(state.watchId);
    clearInterval(state.flushTimer);
    state.watchId = null;
    state.pendingPoints = [];
}

/** Sends what was collected, 100 points a batch; keeps them for later if the network is down. */
async function flushPositions() {
    while (state.pendingPoints.length && state.online) {
        const batch = state.pendingPoints.splice(0, 100);
        try {
            await api.sendPositions(batch);
        } catch (e) {
            if (e.status === 0) state.pendingPoints.unshift(...batch);
            if (e.status === 409) {
                state.online = false;
                stopLocation();
                render();
            }
            return;
        }
    }
}

// ---- offers --------------------------------------------------------------------------------------------------

async function accept() {
    const offer = currentOffer();
    if (!offer) return;
    showError('offer-error', null);
    state.answering = offer.offerId;
    render();
    try {
        await api.accept(offer.offerId);
        awaitAssignment(offer);
    } catch (e) {
        state.answering = null;
        state.offers = state.offers.filter(o => o.offerId !== offer.offerId);
        toast(e.message);
        render();
    }
}

/** Dispatch confirms an acceptance with DeliveryAssigned on the live feed; polled as well, in case it is down. */
function awaitAssignment(offer) {
    const started = Date.now();
    const poll = setInterval(async () => {
        if (state.answering !== offer.offerId) return clearInterval(poll);
        if (Date.now() - started > 30000) {
            clearInterval(poll);
            state.answering = null;
            state.offers = state.offers.filter(o => o.offerId !== offer.offerId);
            toast('Dispatch has not confirmed the job yet; it will show here when it does.');
            return render();
        }
        await refresh();
    }, 2500);
}

async function decline() {
    const offer = currentOffer();
    if (!offer) return;
    await busy($('decline'), async () => {
        try {
            await api.decline(offer.offerId);
        } catch (e) {
            toast(e.message);
        }
        state.offers = state.offers.filter(o => o.offerId !== offer.offerId);
    });
    render();
}

// ---- the job -------------------------------------------------------------------------------------------------

async function pickedUp() {
    showError('job-error', null);
    await busy($('picked-up'), async () => {
        try {
            state.job = await api.pickedUp(state.job.deliveryId);
        } catch (e) {
            showError('job-error', e);
        }
    });
    render();
}

/** A phone photo is several MB; a 1280 px JPEG is enough as proof and a few hundred kB. */
async function shrinkPhoto(file) {
    try {
        const bitmap = await createImageBitmap(file);
        const scale = Math.min(1, PHOTO_EDGE / Math.max(bitmap.width, bitmap.height));
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(bitmap.width * scale);
        canvas.height = Math.round(bitmap.height * scale);
        canvas.getContext('2d').drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return await new Promise(resolve => canvas.toBlob(resolve, 'image/jpeg', 0.8));
    } catch (e) {
        return file;
    }
}

async function delivered(event) {
    event.preventDefault();
    showError('job-error', null);
    const recipientName = $('recipient-name').value.trim();
    const file = $('photo').files[0];
    await busy($('delivered'), async () => {
        try {
            let proof = recipientName ? {recipientName} : undefined;
            if (file) {
                proof = new FormData();
                proof.append('photo', await shrinkPhoto(file), 'proof.jpg');
                if (recipientName) proof.append('recipientName', recipientName);
            }
            const job = await api.delivered(state.job.deliveryId, proof);
            toast(job.riderPayCents !== null ? `Delivered · ${money(job.riderPayCents)} earned` : 'Delivered');
            finishJob();
        } catch (e) {
            showError('job-error', e);
        }
    });
}

async function failed(event) {
    event.preventDefault();
    showError('job-error', null);
    const choice = new FormData($('fail-form')).get('reason');
    const reason = choice === 'other' ? $('fail-other').value.trim() : choice;
    if (!reason) return showError('job-error', new Error('Say what went wrong.'));
    await busy($('fail-submit'), async () => {
        try {
            await api.failed(state.job.deliveryId, reason);
            toast('Failed delivery reported. A coordinator will tell you what to do with the parcel.');
            finishJob();
        } catch (e) {
            showError('job-error', e);
        }
    });
}

function finishJob() {
    state.job = null;
    state.failing = false;
    $('deliver-form').reset();
    $('fail-form').reset();
    $('photo-preview').hidden = true;
    refreshEarnings();
    refreshQueue();
}

// ---- rendering -----------------------------------------------------------------------------------------------

function show(screen) {
    for (const s of document.querySelectorAll('.screen')) s.hidden = s.id !== `screen-${screen}`;
    document.body.dataset.screen = screen;
}

function render() {
    const loggedIn = !!state.session;
    $('logout').hidden = !loggedIn;
    $('connection').hidden = !loggedIn;
    if (!loggedIn) return show('login');
    const offer = currentOffer();
    if (state.job) return renderJob();
    if (offer) return renderOffer(offer);
    renderHome();
}

function renderHome() {
    show('home');
    $('rider-name').textContent = state.profile ? state.profile.displayName : state.session.username;
    const network = navigator.onLine;
    $('status-card').classList.toggle('online', state.online && network);
    $('status-card').classList.toggle('no-network', !network);
    $('status-title').textContent = !network ? 'No network'
        : state.online ? 'Online: waiting for offers' : 'You are offline';
    $('status-detail').textContent = !network
        ? 'Offers cannot reach you until the phone is back online.'
        : state.online ? 'An offer shows here the moment dispatch sends it.' : 'Go online to receive job offers.';
    const q = state.queue;
    const position = q && Number.isInteger(q.position) ? q.position : null;
    const size = q && (q.queueLength ?? q.size ?? q.total ?? q.of);
    $('queue').hidden = !(state.online && position);
    if (position) {
        const of = Number.isInteger(size) ? ` of ${size}` : '';
        $('queue').textContent = `You are ${ordinal(position)} in the queue${of}`;
    }
    $('location-state').hidden = !state.online;
    if (state.online) {
        $('location-state').textContent = state.position
            ? 'Sharing your location while you are online.' : 'Waiting for your location…';
    }
    const e = state.earnings;
    $('earnings-today').textContent = e ? money(e.today.payCents) : '–';
    $('earnings-today-jobs').textContent = e ? jobsCount(e.today) : '';
    $('earnings-week').textContent = e ? money(e.thisWeek.payCents) : '–';
    $('earnings-week-jobs').textContent = e ? jobsCount(e.thisWeek) : '';
    $('go-online').hidden = state.online;
    $('go-offline').hidden = !state.online;
    $('go-online').disabled = !network;
}

function renderOffer(offer) {
    show('offer');
    const card = $('offer-card');
    card.dataset.offerId = offer.offerId;
    card.dataset.deliveryId = offer.deliveryId;
    const priced = offer.riderPayCents !== null && offer.riderPayCents !== undefined;
    $('offer-pay').textContent = priced ? money(offer.riderPayCents) : 'No price on this delivery yet';
    $('offer-pay').classList.toggle('unpriced', !priced);
    $('offer-pickup').textContent = `${distance(offer.pickupDistanceMeters)} · ${minutes(offer.pickupSeconds)}`;
    $('offer-trip').textContent = `≈ ${distance(metresBetween(offer.pickup, offer.dropoff))}`;
    const answering = state.answering === offer.offerId;
    $('accept').disabled = answering;
    $('decline').disabled = answering;
    $('accept').textContent = answering ? 'Accepted: confirming…' : 'Accept';
    const places = [state.position && {...state.position, label: '•', kind: 'me'},
        {...offer.pickup, label: 'P', kind: 'pickup'}, {...offer.dropoff, label: 'D', kind: 'dropoff'}].filter(Boolean);
    if ($('offer-map').dataset.offerId !== offer.offerId) {
        $('offer-map').dataset.offerId = offer.offerId;
        drawRoutedMap($('offer-map'), 'offerId', offer.offerId, places);
    }
    renderCountdown(offer);
}

// The map at once with straight lines, then again with the street route if the router answers for every leg while
// the same offer or job step is still on screen.
function drawRoutedMap(element, dataKey, value, places) {
    drawMap(element, state.settings.tileUrl, state.settings.tileAttribution, places);
    if (!state.settings.tileUrl || places.length < 2) return;
    const legs = places.slice(1).map((to, i) => api.route(places[i], to));
    Promise.all(legs).then(routes => {
        if (element.dataset[dataKey] !== value) return;
        const line = routes.flatMap(r => r.geometry.coordinates.map(([lon, lat]) => ({lat, lon})));
        drawMap(element, state.settings.tileUrl, state.settings.tileAttribution, places, line);
    }).catch(() => { /* no route: the straight lines stay */ });
}

function renderCountdown(offer) {
    const total = Math.max(1, (new Date(offer.expiresAt) - new Date(offer.offeredAt)) / 1000);
    const left = Math.max(0, Math.ceil(secondsLeft(offer)));
    $('offer-seconds').textContent = state.answering === offer.offerId ? '' : `${left}s`;
    $('offer-bar').style.width = `${Math.min(100, 100 * left / total)}%`;
    document.querySelector('.countdown').classList.toggle('urgent', left <= 10);
}

function renderJob() {
    show('job');
    const job = state.job;
    const pickedUp = job.status === 'PICKED_UP';
    const target = pickedUp ? job.dropoff : job.pickup;
    $('screen-job').dataset.status = job.status;
    $('screen-job').dataset.deliveryId = job.deliveryId;
    $('step-pickup').className = pickedUp ? 'done' : 'current';
    $('step-dropoff').className = pickedUp ? 'current' : '';
    $('job-title').textContent = pickedUp ? 'Deliver to the customer' : 'Go to the pickup';
    const details = [`Delivery ${job.deliveryId.slice(0, 8)}`];
    if (job.riderPayCents !== null && job.riderPayCents !== undefined) details.push(`pays ${money(job.riderPayCents)}`);
    if (target && state.position) details.push(`${distance(metresBetween(state.position, target))} away`);
    if (!target) details.push('no coordinates: ask a coordinator for the address');
    $('job-detail').textContent = details.join(' · ');

    const stop = pickedUp ? job.dropoffStop : job.pickupStop;
    $('job-stop').hidden = !stop;
    if (stop) {
        $('stop-address').textContent = stop.address || '';
        $('stop-contact').textContent = stop.contactName ? `${pickedUp ? 'For' : 'Ask for'} ${stop.contactName}` : '';
        $('stop-phone').hidden = !stop.phone;
        if (stop.phone) {
            $('stop-phone').href = `tel:${stop.phone.replace(/[^+0-9]/g, '')}`;
            $('stop-phone').textContent = `Call ${stop.phone}`;
        }
        $('stop-notes').textContent = stop.notes || '';
    }
    $('nav-app').hidden = !target;
    $('nav-osm').hidden = !target;
    if (target) {
        $('nav-app').href = geoUri(target, pickedUp ? 'Drop-off' : 'Pickup');
        $('nav-osm').href = osmRoute(state.position, target);
    }
    const mapKey = `${job.deliveryId}/${job.status}`;
    if ($('job-map').dataset.key !== mapKey) {
        $('job-map').dataset.key = mapKey;
        const places = [state.position && {...state.position, label: '•', kind: 'me'},
            !pickedUp && job.pickup && {...job.pickup, label: 'P', kind: 'pickup'},
            job.dropoff && {...job.dropoff, label: 'D', kind: 'dropoff'}].filter(Boolean);
        drawRoutedMap($('job-map'), 'key', mapKey, places);
    }
    $('pickup-actions').hidden = pickedUp;
    $('deliver-form').hidden = !pickedUp || state.failing;
    $('fail-form').hidden = !pickedUp || !state.failing;
}

// ---- wiring --------------------------------------------------------------------------------------------------

function wire() {
    $('login-form').addEventListener('submit', logIn);
    $('logout').addEventListener('click', async () => {
        if (state.online && !state.job) {
            try { await api.goOffline(); } catch (e) { /* logging out anyway */ }
        }
        logOut();
    });
    $('go-online').addEventListener('click', goOnline);
    $('go-offline').addEventListener('click', goOffline);
    $('accept').addEventListener('click', accept);
    $('decline').addEventListener('click', decline);
    $('picked-up').addEventListener('click', pickedUp);
    $('deliver-form').addEventListener('submit', delivered);
    $('fail-form').addEventListener('submit', failed);
    $('fail-open').addEventListener('click', () => { state.failing = true; render(); });
    $('fail-cancel').addEventListener('click', () => { state.failing = false; render(); });
    $('fail-form').addEventListener('change', () => {
        const other = new FormData($('fail-form')).get('reason') === 'other';
        $('fail-other-label').hidden = !other;
        $('fail-other').required = other;
    });
    $('photo').addEventListener('change', () => {
        const file = $('photo').files[0];
        const preview = $('photo-preview');
        preview.hidden = !file;
        if (file) preview.src = URL.createObjectURL(file);
    });
    const network = () => {
        $('network-banner').hidden = navigator.onLine;
        render();
    };
    window.addEventListener('online', () => { network(); refresh(); flushPositions(); });
    window.addEventListener('offline', network);
    document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); });
    network();
}

async function main() {
    wire();
    if ('serviceWorker' in navigator) {
        navigator.serviceWorker.register('sw.js').catch(e => console.warn('no offline shell', e));
    }
    try {
        state.settings = {...state.settings, ...await api.settings()};
    } catch (e) { /* defaults: no map */ }
    state.session = loadSession();
    render();
    if (state.session) await start();
}

main();
