// The rider assembly in the courier app: open and decided proposals, what each changes, its impact on recent
// deliveries, the secret ballot, results, the rules in force and their history, and making a proposal.
// Plain ES module, no build step; it uses the courier app's login (its session in localStorage) and never stores
// anything of its own. Everything from the server is shown with textContent, never parsed as HTML.
const SESSION_KEY = 'coop.courier.session';
const API = '/api/v1/assembly';
const $ = (id) => document.getElementById(id);
const KIND_NAMES = {pricing: 'Pricing', dispatch: 'Dispatch', assembly: 'Assembly rules'};
const SCREENS = ['screen-login', 'screen-list', 'screen-proposal', 'screen-new', 'screen-policies'];

const state = {token: null, roles: [], currency: 'EUR', proposal: null};

class AssemblyError extends Error {
    constructor(status, problem) {
        super((problem && (problem.detail || problem.title)) || (status ? `HTTP ${status}` : 'No network connection'));
        this.status = status;
        this.problem = problem;
    }
}

async function call(method, path, body) {
    const headers = {Accept: 'application/json', Authorization: `Bearer ${state.token}`};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response;
    try {
        response = await fetch(path, {method, headers, cache: 'no-store',
            body: body === undefined ? undefined : JSON.stringify(body)});
    } catch (e) {
        throw new AssemblyError(0, null);
    }
    const text = await response.text();
    let json = null;
    try {
        json = text ? JSON.parse(text) : null;
    } catch (e) {
        json = null;
    }
    if (response.status === 401) showLogin();
    if (!response.ok) throw new AssemblyError(response.status, json);
    return json;
}

function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
        if (k === 'class') node.className = v;
        else if (k === 'text') node.textContent = v;
        else node.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) node.append(c);
    return node;
}

function show(screen) {
    for (const id of SCREENS) $(id).hidden = id !== screen;
    $('error').hidden = true;
}

function fail(e) {
    $('error').textContent = e.message;
    $('error').hidden = false;
}

function showLogin() {
    show('screen-login');
    document.querySelector('.tabs').hidden = true;
}

function money(cents) {
    if (cents === null || cents === undefined) return '–';
    return new Intl.NumberFormat(undefined, {style: 'currency', currency: state.currency}).format(cents / 100);
}

function when(iso) {
    return iso ? new Date(iso).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'}) : '–';
}

function percent(share) {
    return share === null || share === undefined ? '–' : `${(share * 100).toFixed(1)} %`;
}

function value(node) {
    if (node === null || node === undefined) return '(none)';
    return typeof node === 'object' ? JSON.stringify(node) : String(node);
}

// ---- proposals --------------------------------------------------------------------------------------------------

async function renderList(open) {
    show('screen-list');
    $('list-title').textContent = open ? 'Open proposals' : 'Decided proposals';
    $('new-link').hidden = !open || !state.roles.includes('member');
    const list = $('proposals');
    list.replaceChildren();
    const all = await call('GET', `${API}/proposals${open ? '?status=OPEN' : '?limit=200'}`);
    const shown = all.filter(p => open === (p.status === 'OPEN'));
    $('list-empty').hidden = shown.length > 0;
    for (const p of shown) {
        const status = p.status === 'OPEN'
            ? `closes ${when(p.closesAt)} · ${p.ballotsCast} ballot(s)${p.youVoted ? ' · you voted' : ''}`
            : `${p.status === 'ADOPTED' ? 'adopted' : 'rejected'} ${when(p.closedAt)}`;
        list.append(el('li', {}, el('a', {href: `#p/${p.id}`}, el('div', {class: 'card'},
            el('p', {}, el('span', {class: 'badge' + (p.status === 'REJECTED' ? ' rejected' : ''),
                text: KIND_NAMES[p.kind] || p.kind})),
            el('strong', {text: p.rationale.split('\n')[0]}),
            el('span', {class: 'muted small', text: `${p.changes.length} change(s): `
                    + p.changes.slice(0, 3).map(c => c.path).join(', ') + (p.changes.length > 3 ? ' …' : '')}),
            el('span', {class: 'muted small', text: status})))));
    }
}

async function renderProposal(id) {
    show('screen-proposal');
    const p = await call('GET', `${API}/proposals/${id}`);
    state.proposal = p;
    $('p-kind').textContent = KIND_NAMES[p.kind] || p.kind;
    $('p-status').textContent = p.status === 'OPEN' ? `open until ${when(p.closesAt)}` : p.status.toLowerCase();
    $('p-rationale').textContent = p.rationale;
    $('p-meta').textContent = `Proposed by ${p.proposerName || 'a member'} on ${when(p.createdAt)}, `
        + `compared with version ${p.comparedWith}`;
    $('p-outdated').hidden = !p.basedOnOlderVersion;
    $('p-outdated').textContent = `Written for version ${p.baseVersion}; version ${p.comparedWith} was adopted since. `
        + 'If adopted, this document replaces it as a whole.';
    $('p-changes').replaceChildren(...p.changes.map(c => el('li', {},
        el('span', {class: 'path', text: c.path}),
        el('span', {}, el('s', {class: 'before', text: value(c.before)}), ' → ',
            el('strong', {class: 'after', text: value(c.after)})))));

    const needed = Math.max(1, Math.ceil(p.rules.quorum * p.eligibleVoters - 1e-9));
    $('p-turnout-bar').style.width = `${Math.min(100, 100 * p.ballotsCast / needed)}%`;
    $('p-turnout').textContent = `${p.ballotsCast} ballot(s) cast of ${needed} needed for the quorum `
        + `(${percent(p.rules.quorum)} of ${p.eligibleVoters} active members)`;
    $('p-rules').textContent = `Decided by ${p.rules.version}: adopted with more than ${percent(p.rules.threshold)} yes `
        + `of yes + no${p.rules.supermajority ? ' (supermajority: it changes the assembly rules)' : ''}; `
        + 'abstentions count for the quorum only.';

    const canVote = p.status === 'OPEN' && state.roles.includes('member');
    $('p-vote-card').hidden = !canVote;
    $('p-you').textContent = p.youVoted ? 'You have voted. Voting again replaces your ballot.' : 'You have not voted yet.';
    for (const b of document.querySelectorAll('.votes button')) b.classList.remove('chosen');

    $('p-result-card').hidden = !p.result;
    if (p.result) {
        const r = p.result;
        $('p-result').textContent = r.outcome;
        $('p-totals').replaceChildren(
            fact('Yes', r.yes), fact('No', r.no), fact('Abstain', r.abstain),
            fact('Active members at the close', r.eligibleVoters), fact('Ballots needed', r.ballotsRequired),
            fact('Yes share', percent(r.yesShare)),
            r.adoptedVersion ? fact('New version', `${r.adoptedVersion}, in force from ${when(r.effectiveFrom)}`) : null);
    }
    $('p-impact').replaceChildren(el('button', {id: 'p-impact-button', class: 'big secondary', type: 'button',
        text: 'Show the impact preview'}));
    $('p-impact-button').onclick = () => renderImpact(p.id).catch(fail);
}

function fact(label, text) {
    return el('div', {}, el('dt', {text: label}), el('dd', {text: String(text)}));
}

async function vote(choice, button) {
    const buttons = document.querySelectorAll('.votes button');
    buttons.forEach(b => b.disabled = true);
    try {
        const receipt = await call('PUT', `${API}/proposals/${state.proposal.id}/vote`, {choice});
        buttons.forEach(b => b.classList.remove('chosen'));
        button.classList.add('chosen');
        $('p-you').textContent = receipt.replacedEarlierBallot ? 'Your ballot was replaced.' : 'Your ballot was cast.';
        const needed = Math.max(1, Math.ceil(state.proposal.rules.quorum * state.proposal.eligibleVoters - 1e-9));
        $('p-turnout-bar').style.width = `${Math.min(100, 100 * receipt.ballotsCast / needed)}%`;
        $('p-turnout').textContent = `${receipt.ballotsCast} ballot(s) cast of ${needed} needed for the quorum`;
    } catch (e) {
        fail(e);
    } finally {
        buttons.forEach(b => b.disabled = false);
    }
}

// ---- impact -----------------------------------------------------------------------------------------------------

async function renderImpact(id) {
    const box = $('p-impact');
    box.replaceChildren(el('p', {class: 'muted', text: 'Replaying recent deliveries…'}));
    const impact = await call('GET', `${API}/proposals/${id}/impact`);
    const parts = [];
    if (!impact.available) {
        parts.push(el('p', {text: impact.note}));
    } else if (impact.pricing) {
        const r = impact.pricing;
        parts.push(el('p', {text: `${r.deliveries} deliveries of ${when(impact.from)} to ${when(impact.to)}: `
                + `${r.change.dearer} would cost more, ${r.change.cheaper} less, ${r.change.same} the same.`}));
        parts.push(table(['', `Now (${r.current.version})`, 'Proposed', 'Change'], [
            moneyRow('Mean price', r.current.price.meanCents, r.proposed.price.meanCents),
            moneyRow('Price p10', r.current.price.p10Cents, r.proposed.price.p10Cents),
            moneyRow('Price p50', r.current.price.p50Cents, r.proposed.price.p50Cents),
            moneyRow('Price p90', r.current.price.p90Cents, r.proposed.price.p90Cents),
            moneyRow('Mean rider pay', r.current.riderPay.meanCents, r.proposed.riderPay.meanCents, true),
            moneyRow('Rider pay p10', r.current.riderPay.p10Cents, r.proposed.riderPay.p10Cents, true),
            moneyRow('Rider pay p50', r.current.riderPay.p50Cents, r.proposed.riderPay.p50Cents, true),
            moneyRow('Rider pay p90', r.current.riderPay.p90Cents, r.proposed.riderPay.p90Cents, true),
            ['Rider share', percent(r.change.meanRiderShareCurrent), percent(r.change.meanRiderShareProposed), ''],
            ['Not priceable', r.current.notPriced, r.proposed.notPriced, ''],
        ]));
        parts.push(el('p', {class: 'muted small', text: `Actually charged in the period: mean `
                + `${money(r.recorded.price.meanCents)}, rider pay ${money(r.recorded.riderPay.meanCents)}.`}));
    } else if (impact.dispatch) {
        const c = impact.dispatch.current;
        const p = impact.dispatch.proposed;
        parts.push(el('p', {text: `${c.deliveries} deliveries and ${impact.dispatch.shifts} shift(s) of `
                + `${when(impact.from)} to ${when(impact.to)}, replayed with the fair rotation.`}));
        parts.push(table(['', `Now (${c.version})`, 'Proposed'], [
            ['Rotation', c.rotationKey, p.rotationKey],
            ['Assigned', c.assigned, p.assigned],
            ['Nobody could take it', c.unassignable, p.unassignable],
            ['Bundled', c.bundled, p.bundled],
            ['Wait for a rider, mean / p90 (min)', `${c.meanWaitMinutes} / ${c.p90WaitMinutes}`,
                `${p.meanWaitMinutes} / ${p.p90WaitMinutes}`],
            ['To the pickup, mean / p90 (min)', `${c.meanPickupMinutes} / ${c.p90PickupMinutes}`,
                `${p.meanPickupMinutes} / ${p.p90PickupMinutes}`],
            ['Jobs per rider, min – max', `${c.minJobsPerRider} – ${c.maxJobsPerRider}`,
                `${p.minJobsPerRider} – ${p.maxJobsPerRider}`],
            ['Gini of jobs per rider', c.giniJobsPerRider, p.giniJobsPerRider],
            ['Gini of jobs per online hour', c.giniJobsPerOnlineHour, p.giniJobsPerOnlineHour],
            ['Gini of pay per online hour', c.giniEarningsPerOnlineHour, p.giniEarningsPerOnlineHour],
        ]));
        parts.push(el('p', {class: 'muted small', text: 'Gini: 0 = shared perfectly evenly, 1 = one rider gets all.'}));
    } else if (impact.assembly) {
        const a = impact.assembly;
        parts.push(el('p', {text: `Of the last ${a.decided} decided proposal(s), ${a.changed} would have had another `
                + 'result under these rules.'}));
        for (const o of a.outcomes.filter(x => x.adopted !== x.wouldBeAdopted)) {
            parts.push(el('p', {class: 'small', text: `${KIND_NAMES[o.kind] || o.kind}, closed ${when(o.closedAt)}: `
                    + `${o.adopted ? 'adopted' : 'rejected'} then, ${o.wouldBeAdopted ? 'adopted' : 'rejected'} now. `
                    + o.underProposedRules}));
        }
    }
    if (impact.assumptions && impact.assumptions.length) {
        parts.push(el('details', {}, el('summary', {text: 'How this was computed'}),
            el('ul', {class: 'small muted'}, ...impact.assumptions.map(a => el('li', {text: a})))));
    }
    box.replaceChildren(...parts);
}

function moneyRow(label, now, proposed, payIsGood = false) {
    const delta = Math.round(proposed - now);
    const better = payIsGood ? delta > 0 : delta < 0;
    return [label, money(now), money(proposed),
        {text: (delta > 0 ? '+' : '') + money(delta), class: delta === 0 ? '' : better ? 'down' : 'up'}];
}

function table(head, rows) {
    return el('table', {class: 'figures'},
        el('thead', {}, el('tr', {}, ...head.map(h => el('th', {text: h})))),
        el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map(cell => cell !== null && typeof cell === 'object'
            ? el('td', {text: cell.text, class: cell.class}) : el('td', {text: String(cell)}))))));
}

// ---- a new proposal ---------------------------------------------------------------------------------------------

async function renderNew() {
    show('screen-new');
    $('new-problems').hidden = true;
    await loadDocument($('new-kind').value);
}

async function loadDocument(kind) {
    const current = await call('GET', `${API}/policies/${kind}`);
    const document = {...current.document};
    delete document.version; // adoption numbers the versions
    $('new-document').value = JSON.stringify(document, null, 2);
}

async function submitNew(event) {
    event.preventDefault();
    const problems = $('new-problems');
    problems.hidden = true;
    let document;
    try {
        document = JSON.parse($('new-document').value);
    } catch (e) {
        problems.replaceChildren(el('li', {text: `The document is not valid JSON: ${e.message}`}));
        problems.hidden = false;
        return;
    }
    try {
        const created = await call('POST', `${API}/proposals`, {kind: $('new-kind').value, document,
            rationale: $('new-rationale').value});
        location.hash = `#p/${created.id}`;
    } catch (e) {
        const errors = e.problem && e.problem.errors;
        problems.replaceChildren(...(errors && errors.length
            ? errors.map(x => el('li', {text: `${x.field}: ${x.message}`})) : [el('li', {text: e.message})]));
        problems.hidden = false;
    }
}

// ---- policies in force ------------------------------------------------------------------------------------------

async function renderPolicies() {
    show('screen-policies');
    const versions = await call('GET', `${API}/policies`);
    const box = $('policies');
    box.replaceChildren();
    for (const v of versions) {
        const history = el('details', {}, el('summary', {text: 'History and changes'}));
        history.addEventListener('toggle', () => {
            if (history.open && history.childElementCount === 1) loadHistory(v.kind, history).catch(fail);
        }, {once: false});
        box.append(el('div', {class: 'card'},
            el('p', {class: 'label', text: KIND_NAMES[v.kind] || v.kind}),
            el('h2', {text: `Version ${v.version}` + (v.inForce ? '' : ` — from ${when(v.effectiveFrom)}`)}),
            el('p', {class: 'muted small', text: v.inForce ? `In force since ${when(v.effectiveFrom)}`
                    : 'Adopted, not yet in force'}),
            el('pre', {class: 'code', text: JSON.stringify(v.document, null, 2)}),
            history));
    }
}

async function loadHistory(kind, into) {
    const versions = await call('GET', `${API}/policies/${kind}/versions`);
    for (const v of versions) {
        into.append(el('p', {class: 'small', text: `${v.version}: adopted ${when(v.adoptedAt)}`
                + (v.proposalId ? '' : ' (shipped with the software)')}));
        if (v.changes && v.changes.length) {
            into.append(el('ul', {class: 'small'}, ...v.changes.map(c =>
                el('li', {text: `${c.path}: ${value(c.before)} → ${value(c.after)}`}))));
        }
    }
}

// ---- start ------------------------------------------------------------------------------------------------------

function route() {
    const hash = location.hash || '#open';
    for (const [tab, prefix] of [['tab-open', '#open'], ['tab-decided', '#decided'], ['tab-policies', '#policies']]) {
        $(tab).classList.toggle('current', hash.startsWith(prefix));
    }
    let work;
    if (hash.startsWith('#p/')) work = renderProposal(hash.slice(3));
    else if (hash === '#decided') work = renderList(false);
    else if (hash === '#policies') work = renderPolicies();
    else if (hash === '#new') work = renderNew();
    else work = renderList(true);
    work.catch(fail);
}

function start() {
    let session = null;
    try {
        session = JSON.parse(localStorage.getItem(SESSION_KEY));
    } catch (e) {
        session = null;
    }
    if (!session || !session.token || !(session.expiresAt > Date.now())) {
        showLogin();
        return;
    }
    state.token = session.token;
    try {
        const claims = JSON.parse(atob(session.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
        state.roles = claims.groups || [];
    } catch (e) {
        state.roles = [];
    }
    fetch('/api/v1/app/settings').then(r => r.json()).then(s => { state.currency = s.currency || 'EUR'; })
        .catch(() => {});
    for (const b of document.querySelectorAll('.votes button')) b.onclick = () => vote(b.dataset.choice, b);
    $('new-kind').onchange = () => loadDocument($('new-kind').value).catch(fail);
    $('new-form').onsubmit = submitNew;
    window.addEventListener('hashchange', route);
    route();
}

start();
