// The dashboard: overall header, filters and the live proxies table.
import { follow } from './live.js';
import { proxyActions } from './ops.js';

const proxies = new Map();
let summary = null;
const $ = (id) => document.getElementById(id);

const WORDS = { healthy: 'HEALTHY', degraded: 'DEGRADED', down: 'DOWN', empty: 'EMPTY' };

export function startDashboard() {
  ['search', 'filter-health', 'filter-provider', 'filter-location']
    .forEach((id) => $(id).addEventListener('input', render));
  $('filters').addEventListener('submit', (e) => e.preventDefault());
  follow({
    onSnapshot: (status) => {
      proxies.clear();
      status.proxies.forEach((p) => proxies.set(p.id, p));
      summary = status;
      render();
    },
    onDelta: (delta) => {
      delta.proxies.forEach((p) => proxies.set(p.id, p));
      (delta.removed || []).forEach((id) => proxies.delete(id));
      summary = delta;
      render();
    },
    onConnection: (live) => {
      $('connection').textContent = live ? 'Live: changes appear as they happen.'
        : 'Live updates are unavailable: the connection failed. Refreshing every 30 s.';
      $('connection').classList.toggle('lost', !live);
    },
  });
  setInterval(render, 10000); // keeps "last check" times current
}

function header() {
  const overall = summary.overall;
  const healthy = summary.counts.healthy;
  const text = overall === 'empty' ? 'EMPTY — no enabled proxy'
    : `${WORDS[overall]} — ${healthy} of ${summary.enabled} proxies healthy`;
  if ($('overall').textContent !== text) {
    $('overall').textContent = text;
  }
  $('overall').dataset.overall = overall;
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

function cell(content) {
  const td = document.createElement('td');
  if (content instanceof Node) td.append(content); else td.textContent = content ?? '';
  return td;
}

function row(p) {
  const tr = document.createElement('tr');
  tr.dataset.id = p.id;
  tr.classList.toggle('disabled', !p.enabled);
  const badge = Object.assign(document.createElement('span'), { className: `badge ${p.health}`, textContent: p.health });
  const accounts = document.createElement('span');
  const bar = document.createElement('span');
  bar.className = 'bar';
  bar.setAttribute('aria-hidden', 'true');
  bar.append(Object.assign(document.createElement('span'), {}));
  bar.firstChild.style.width = `${Math.min(100, (100 * p.accounts) / p.maxAccounts)}%`;
  accounts.append(`${p.accounts}/${p.maxAccounts}`, bar);
  tr.append(cell(`${p.host}:${p.port} ${p.protocol}${p.enabled ? '' : ' (disabled)'}`), cell(badge),
    cell(p.latencyMs == null ? '–' : `${p.latencyMs} ms`), cell(relative(p.lastCheckAt)), cell(accounts),
    cell(p.modelId || '–'), cell(p.provider || '–'), cell(p.location || '–'), cell(String(p.priority)),
    cell(proxyActions(p)));
  return tr;
}

function render() {
  if (!summary) return;
  header();
  const all = [...proxies.values()];
  options($('filter-provider'), all.map((p) => p.provider));
  options($('filter-location'), all.map((p) => p.location));
  const shown = all.filter(visible).sort((a, b) => a.id - b.id);
  $('proxies-caption').textContent = `Proxies (${shown.length} of ${all.length})`;
  document.querySelector('#proxies tbody').replaceChildren(...shown.map(row));
}
