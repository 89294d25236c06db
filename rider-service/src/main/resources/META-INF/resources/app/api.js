// Talks to rider-service: REST calls with the rider's bearer token, and the live WebSocket.

/** A refusal or failure of the API, carrying the problem document's detail when there is one. */
export class ApiError extends Error {
    constructor(status, detail) {
        super(detail || `HTTP ${status}`);
        this.status = status;
    }
}

export class Api {
    constructor(onUnauthorized) {
        this.token = null;
        this.onUnauthorized = onUnauthorized;
    }

    async request(method, path, body) {
        const headers = {Accept: 'application/json'};
        if (this.token) headers.Authorization = `Bearer ${this.token}`;
        let payload;
        if (body instanceof FormData) {
            payload = body;
        } else if (body !== undefined) {
            headers['Content-Type'] = 'application/json';
            payload = JSON.stringify(body);
        }
        let response;
        try {
            response = await fetch(path, {method, headers, body: payload, cache: 'no-store'});
        } catch (e) {
            throw new ApiError(0, 'No network connection');
        }
        const text = await response.text();
        const json = text ? safeJson(text) : null;
        if (response.status === 401 && this.token) this.onUnauthorized();
        if (!response.ok) throw new ApiError(response.status, json && (json.detail || json.title));
        return json;
    }

    get(path) { return this.request('GET', path); }
    post(path, body) { return this.request('POST', path, body); }
    del(path) { return this.request('DELETE', path); }

    login(username, password) { return this.post('/api/v1/auth/login', {username, password}); }
    renewToken() { return this.post('/api/v1/auth/refresh'); }
    settings() { return this.get('/api/v1/app/settings'); }
    me() { return this.get('/api/v1/riders/me'); }
    goOnline(lat, lon) { return this.post('/api/v1/riders/me/shift', {location: {lat, lon}}); }
    goOffline() { return this.del('/api/v1/riders/me/shift'); }
    sendPositions(points) { return this.post('/api/v1/riders/me/location', {points}); }
    offers() { return this.get('/api/v1/riders/me/offers'); }
    accept(offerId) { return this.post(`/api/v1/offers/${offerId}/accept`); }
    decline(offerId) { return this.post(`/api/v1/offers/${offerId}/decline`); }
    jobs() { return this.get('/api/v1/riders/me/jobs?limit=1'); }
    pickedUp(deliveryId) { return this.post(`/api/v1/jobs/${deliveryId}/pickup`); }
    delivered(deliveryId, proof) { return this.post(`/api/v1/jobs/${deliveryId}/deliver`, proof); }
    failed(deliveryId, reason) { return this.post(`/api/v1/jobs/${deliveryId}/fail`, {reason}); }
    earnings() { return this.get('/api/v1/riders/me/earnings?weeks=1'); }
    queue() { return this.get('/api/v1/riders/me/queue'); }
    route(from, to) { return this.get(`/api/v1/riders/me/route?from=${from.lat},${from.lon}&to=${to.lat},${to.lon}`); }
}

function safeJson(text) {
    try {
        return JSON.parse(text);
    } catch (e) {
        return null;
    }
}

/**
 * The live feed: offers, withdrawals and assignments pushed by rider-service. A browser cannot set the
 * Authorization header on a WebSocket, so the token travels as a subprotocol that the service turns back into one.
 * Reconnects by itself, waiting longer after each failure, until closed.
 */
export class LiveFeed {
    constructor(token, onMessage, onState) {
        this.token = token;
        this.onMessage = onMessage;
        this.onState = onState;
        this.retries = 0;
        this.closed = false;
        this.connect();
    }

    connect() {
        const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
        const carrier = 'quarkus-http-upgrade#Authorization#' + encodeURIComponent(`Bearer ${this.token}`);
        this.socket = new WebSocket(`${scheme}://${location.host}/api/v1/riders/me/live`,
            ['bearer-token-carrier', carrier]);
        this.socket.onopen = () => {
            this.retries = 0;
            this.onState('live');
        };
        this.socket.onmessage = (event) => {
            const message = safeJson(event.data);
            if (message && message.type) this.onMessage(message);
        };
        this.socket.onclose = () => {
            if (this.closed) return;
            this.onState('down');
            const delay = Math.min(15000, 1000 * 2 ** this.retries++);
            this.timer = setTimeout(() => this.connect(), delay);
        };
    }

    close() {
        this.closed = true;
        clearTimeout(this.timer);
        if (this.socket) this.socket.close();
    }
}
