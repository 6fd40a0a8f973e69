// The dashboard: overall header, filters and the live proxies table. A snapshot (or a filter change) redraws the
// table; a delta replaces, inserts or removes only the rows of the proxies it names.
import { follow } from './live.js';
import { proxyActions } from './ops.js';
import { cell } from './page.js';

const proxies = new Map();
/** The table's row of each shown proxy, by id. */
const rows = new Map();
let summary = null;
const $ = (id) => document.getElementById(id);
const tbody = () => document.querySelector('#proxies tbody');


/** "host:port" of a proxy the dashboard knows (without a viewer token it gets no address), else "proxy <id>". */
export function proxyName(id) {
  const p = proxies.get(id);
  return p && p.host ? `${p.host}:${p.port}` : `proxy ${id}`;
}

/** The proxy of this id as the status shows it to this caller, or undefined. */
export function knownProxy(id) {
  return proxies.get(id);
}

/** The fleet's summary as the latest snapshot or delta told it; null before the first. */
export function fleetSummary() {
  return summary;
}

/** The proxies the dashboard knows, ordered by id. */
export function knownProxies() {
  return [...proxies.values()].sort((a, b) => a.id - b.id);
}

/**
 * Starts following the fleet; onChange(providers) runs after every snapshot and delta, providers telling whether the
 * providers may have changed too (a snapshot may follow any change).
 */
export function startDashboard(onChange) {
  ['search', 'filter-health', 'filter-provider', 'filter-location']
    .forEach((id) => $(id).addEventListener('input', render));
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  follow({
    onSnapshot: (status) => {
      proxies.clear();
      status.proxies.forEach((p) => proxies.set(p.id, p));
      summary = status;
      render();
      onChange(true);
    },
    onDelta: (delta) => {
      (delta.removed || []).forEach((id) => { proxies.delete(id); place(id, null); });
      delta.proxies.forEach((p) => { proxies.set(p.id, p); place(p.id, p); });
      summary = delta;
      refreshAround();
      onChange(Boolean(delta.providers));
    },
    onConnection: (live) => {
      $('connection').textContent = live ? 'Live: changes appear as they happen.'
        : 'Live updates are unavailable: the connection failed. Refreshing every 30 s.';
      $('connection').classList.toggle('lost', !live);
    },
  });
  setInterval(refreshCheckTimes, 10000);
}

function header() {
  const text = `${summary.overall.toUpperCase()} — ${summary.message}`;
  if ($('overall').textContent !== text) {
    $('overall').textContent = text;
  }
  $('overall').dataset.overall = summary.overall;
  // A provider in outage: its failing proxies keep their accounts until it ends (textContent: names stay text).
  const outages = (summary.outages || []).map((o) => `${o.provider || `provider ${o.providerId}`} `
    + `(${Math.round(o.failedShare * 100)} % of its proxies failing since ${new Date(o.since).toLocaleTimeString()})`);
  const banner = [];
  if (summary.egressDown) {
    banner.push('Our egress is down: every proxy fails and none is ejected, no account moves.');
  }
  if (outages.length) {
    banner.push(`Provider outage: ${outages.join('; ')}. Their accounts stay put.`);
  }
  $('outages').hidden = banner.length === 0;
  $('outages').textContent = banner.join(' ');
}

function visible(p) {
  const query = $('search').value.trim().toLowerCase();
  const text = [p.host, p.location, p.provider, p.modelId, ...(p.labels || [])].join(' ').toLowerCase();
  return (!query || text.includes(query))
    && (!$('filter-health').value || p.health === $('filter-health').value)
    && (!$('filter-provider').value || p.provider === $('filter-provider').value)
    && (!$('filter-location').value || p.location === $('filter-location').value);
}

function options(select, values) {
  const chosen = select.value;
  const wanted = ['', ...[...new Set(values.filter(Boolean))].sort()];
  if ([...select.options].map((o) => o.value).join('|') === wanted.join('|')) {
    return;
  }
  select.replaceChildren(...wanted.map((v) => new Option(v || 'any', v)));
  select.value = chosen;
}

export function relative(iso) {
  if (!iso) {
    return 'never';
  }
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

function lastCheck(iso) {
  const td = cell(relative(iso));
  td.className = 'last-check';
  if (iso) td.dataset.at = iso;
  return td;
}

function row(p) {
  const tr = document.createElement('tr');
  tr.dataset.id = p.id;
  tr.classList.toggle('disabled', !p.enabled);
  // An enabled proxy not probed yet is being tested: health-service probes new and re-enabled proxies at once.
  const testing = p.enabled && p.health === 'unknown';
  const badge = Object.assign(document.createElement('span'), {
    className: `badge ${p.health}`, textContent: testing ? 'testing' : p.health,
    title: testing ? 'not probed yet: its first probe is under way' : '',
  });
  const accounts = document.createElement('span');
  const bar = document.createElement('span');
  bar.className = 'bar';
  bar.setAttribute('aria-hidden', 'true');
  bar.append(Object.assign(document.createElement('span'), {}));
  bar.firstChild.style.width = `${Math.min(100, (100 * p.accounts) / p.maxAccounts)}%`;
  accounts.append(`${p.accounts}/${p.maxAccounts}`, bar);
  const name = p.host ? `${proxyName(p.id)} ${p.protocol}` : proxyName(p.id);
  tr.append(cell(`${name}${p.enabled ? '' : ' (disabled)'}`), cell(badge),
    cell(p.latencyMs == null ? '–' : `${p.latencyMs} ms`), lastCheck(p.lastCheckAt), cell(accounts),
    cell(p.modelId || '–'), cell(p.provider || '–'), cell(p.location || '–'),
    cell(p.priority == null ? '–' : String(p.priority)), cell(`keys ${p.keys}/${p.maxKeys}`),
    cell(proxyActions(p)));
  return tr;
}

/** Puts one proxy's row in its place (rows are ordered by id), replaces it, or takes it out (p null or filtered). */
function place(id, p) {
  const old = rows.get(id);
  if (!p || !visible(p)) {
    if (old) old.remove();
    rows.delete(id);
    return;
  }
  const tr = row(p);
  if (old) {
    old.replaceWith(tr);
  } else {
    const next = [...tbody().children].find((r) => Number(r.dataset.id) > id);
    tbody().insertBefore(tr, next || null);
  }
  rows.set(id, tr);
}

/** What surrounds the rows: the header, the caption's counts and the filters' choices. */
function refreshAround() {
  header();
  const all = [...proxies.values()];
  options($('filter-provider'), all.map((p) => p.provider));
  options($('filter-location'), all.map((p) => p.location));
  $('proxies-caption').textContent = `Proxies (${rows.size} of ${all.length})`;
}

function render() {
  if (!summary) return;
  const shown = knownProxies().filter(visible);
  rows.clear();
  tbody().replaceChildren(...shown.map((p) => {
    const tr = row(p);
    rows.set(p.id, tr);
    return tr;
  }));
  refreshAround();
}

/** Keeps "last check" times current without redrawing any row. */
function refreshCheckTimes() {
  tbody().querySelectorAll('td.last-check[data-at]').forEach((td) => { td.textContent = relative(td.dataset.at); });
}
