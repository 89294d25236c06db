// The courier app in headless Debian Chromium, driven like a rider's phone (360×740, touch, geolocation):
// log in → go online → an offer appears → accept → picked up → delivered (name + photo) → go offline, then the
// offline shell. Started by RiderAppBrowserIT, which creates the delivery when this script prints "ONLINE" and
// writes its id on stdin. Screenshots of every screen go to $SCREENSHOTS.
//
// Environment: APP_URL, RIDER_USERNAME, RIDER_PASSWORD, LAT, LON, SCREENSHOTS, CHROMIUM (default /usr/bin/chromium),
// TILES (the host of the tile URL rider-service gives the app: its tiles are drawn here, as the test network reaches
// no tile server).
import {chromium} from 'playwright-core';
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createInterface} from 'node:readline';

const env = process.env;
const shots = env.SCREENSHOTS;
mkdirSync(shots, {recursive: true});
const stdin = createInterface({input: process.stdin})[Symbol.asyncIterator]();
// 1×1 PNG: the "photo" of the parcel at the door; the app turns it into a JPEG before sending it.
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
    'base64');

const profile = mkdtempSync(join(tmpdir(), 'coop-courier-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
    executablePath: env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    viewport: {width: 360, height: 740},
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    geolocation: {latitude: Number(env.LAT), longitude: Number(env.LON), accuracy: 10},
    permissions: ['geolocation'],
    locale: 'en-GB',
});
context.setDefaultTimeout(30000);
if (env.TILES) {
    await context.route(`${env.TILES}/**`, route => route.fulfill({contentType: 'image/svg+xml', body: tile()}));
}
const page = context.pages()[0] || await context.newPage();
page.on('console', m => { if (m.type() === 'error') console.log(`BROWSER ${m.text()}`); });

/** A stand-in map tile: blocks of houses between streets. */
function tile() {
    const blocks = [];
    for (let x = 8; x < 256; x += 62) {
        for (let y = 8; y < 256; y += 50) blocks.push(`<rect x="${x}" y="${y}" width="50" height="38" rx="3"/>`);
    }
    return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256"
        fill="#fdfcf7"/><g fill="#e8e4d8">${blocks.join('')}</g></svg>`;
}

let step = 0;
async function screen(name) {
    const file = `${String(++step).padStart(2, '0')}-${name}.png`;
    await page.waitForTimeout(300); // let transitions and the countdown settle
    await page.screenshot({path: join(shots, file)});
    console.log(`STEP ${file}`);
}

async function visible(selector, timeout) {
    await page.locator(selector).waitFor({state: 'visible', timeout});
}

try {
    await page.goto(env.APP_URL);
    await visible('#screen-login');
    await screen('login');

    await page.fill('#username', env.RIDER_USERNAME);
    await page.fill('#password', env.RIDER_PASSWORD);
    await page.tap('#login-button');
    await visible('#go-online');
    await page.locator('#earnings-today').filter({hasText: /\d/}).waitFor();
    await screen('offline');

    await page.tap('#go-online');
    await visible('#go-offline');
    await page.locator('#location-state', {hasText: 'Sharing your location'}).waitFor();
    await screen('online-waiting');
    console.log('ONLINE');

    const {value: deliveryId} = await stdin.next();
    const offer = page.locator(`#offer-card[data-delivery-id="${deliveryId.trim()}"]`);
    await offer.waitFor({state: 'visible', timeout: 90000});
    if (env.TILES) await visible('#offer-map');
    await page.waitForTimeout(1200);
    await screen('offer');

    await page.tap('#accept');
    await visible('#screen-job[data-status="ASSIGNED"]', 60000);
    const nav = await page.getAttribute('#nav-app', 'href');
    if (!nav.startsWith('geo:')) throw new Error(`the maps link is ${nav}`);
    if (env.TILES) await visible('#job-map');
    await screen('job-to-pickup');

    await page.tap('#picked-up');
    await visible('#screen-job[data-status="PICKED_UP"]');
    await page.fill('#recipient-name', 'Jo Neighbour');
    await page.setInputFiles('#photo', {name: 'door.png', mimeType: 'image/png', buffer: PHOTO});
    await visible('#photo-preview');
    await screen('job-to-dropoff');

    await page.tap('#fail-open');
    await visible('#fail-form');
    await page.tap('text=Nobody home');
    await screen('failure-form');
    await page.tap('#fail-cancel');
    await visible('#deliver-form');

    await page.tap('#delivered');
    await visible('#go-offline');
    await page.locator('#toast', {hasText: 'Delivered'}).waitFor();
    await page.locator('#earnings-today-jobs', {hasText: '1 job'}).waitFor();
    await screen('delivered');

    await page.tap('#go-offline');
    await visible('#go-online');
    await screen('offline-again');

    // The offline shell: with the network gone, the app still opens (from the service worker's cache).
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await context.setOffline(true);
    await page.reload();
    await visible('#network-banner');
    await visible('#screen-home');
    await screen('offline-shell');
    await context.setOffline(false);
    console.log('DONE');
} catch (e) {
    console.log(`FAILED ${e.stack || e}`);
    await page.screenshot({path: join(shots, 'failure.png')}).catch(() => {});
    process.exitCode = 1;
} finally {
    await context.close();
    rmSync(profile, {recursive: true, force: true});
    process.stdin.destroy();
}
