// The proxy list: every proxy of the live model (dashboard.js keeps it current from the WebSocket), filtered, sorted
// and paged in the browser, since the page holds the whole fleet already; a page of 100 rows keeps thousands of
// proxies quick to draw. Proxies are selected across pages for a bulk edit (bulk-edit.js).
import { knownProxies, proxyName, relative } from './dashboard.js';
import { cell, offer } from './page.js';
import { locationCell } from './location-check.js';

const PAGE_SIZE = 100;
const $ = (id) => document.getElementById(id);
/** The filters that choose one value of a field, by their select's id. */
const CHOICES = {
  'list-model': (p) => [p.modelId],
  'list-provider': (p) => [p.provider],
  'list-health': (p) => [p.health],
  'list-location': (p) => [p.location],
  'list-label': (p) => p.labels || [],
};
const selected = new Set();
/** How many proxies leave through each exit IP, counted at each draw. */
let exitIpUse = new Map();
/** What the last bulk edit did to each proxy it named: { failed, text }. */
const outcomes = new Map();
let sortKey = 'id';
let sortOrder = 1;
let page = 0;

const usage = (p) => `${p.accounts}/${p.maxAccounts}`;
/** Share of reported uses that succeeded, 0–1; null without reports. */
const successRate = (p) => (p.uses ? (p.uses - p.useFailures) / p.uses : null);
/** Sort values that are no field of the proxy as the status sends it. */
const DERIVED = { proxy: (p) => proxyName(p.id), labels: (p) => (p.labels || []).join(','), useSuccessRate: successRate };

function matches(p) {
  const query = $('list-search').value.trim().toLowerCase();
  const text = [p.host, p.location, p.provider, p.modelId, p.lastError, p.exitIp, ...(p.labels || [])].join(' ').toLowerCase();
  const wanted = $('list-usage').value;
  return (!query || text.includes(query))
    && (!wanted || (wanted === 'free' ? p.accounts < p.maxAccounts : usage(p) === wanted))
    && Object.entries(CHOICES).every(([id, values]) => !$(id).value || values(p).includes($(id).value));
}

function sortValue(p) {
  return DERIVED[sortKey] ? DERIVED[sortKey](p) : p[sortKey];
}

/** Absent values last in either order; numbers by value, text by its natural order. */
function compare(a, b) {
  const x = sortValue(a);
  const y = sortValue(b);
  if (x == null || y == null) return (x == null) - (y == null);
  const order = typeof x === 'number' ? x - y : String(x).localeCompare(String(y), undefined, { numeric: true });
  return order * sortOrder || a.id - b.id;
}

/** The proxies the filters show, in the chosen order. */
function shown() {
  return knownProxies().filter(matches).sort(compare);
}

/** The ids selected for a bulk edit, of proxies that still exist. */
export function selectedIds() {
  return knownProxies().map((p) => p.id).filter((id) => selected.has(id));
}

/** Shows a bulk edit's outcome for one proxy in its row. */
export function showOutcome(id, failed, text) {
  outcomes.set(id, { failed, text });
}

function checkbox(p) {
  const box = Object.assign(document.createElement('input'), { type: 'checkbox', checked: selected.has(p.id) });
  box.setAttribute('aria-label', `Select ${proxyName(p.id)}`);
  box.addEventListener('change', () => {
    if (box.checked) selected.add(p.id); else selected.delete(p.id);
    counts();
  });
  return box;
}

function row(p) {
  const tr = document.createElement('tr');
  tr.dataset.id = p.id;
  tr.classList.toggle('disabled', !p.enabled);
  const error = cell(p.lastError || '–');
  error.className = 'last-error';
  const outcome = outcomes.get(p.id);
  const result = cell(outcome ? outcome.text : '');
  result.className = outcome && outcome.failed ? 'outcome-failed' : '';
  tr.append(cell(checkbox(p)), cell(`${proxyName(p.id)}${p.enabled ? '' : ' (disabled)'}`),
    cell(Object.assign(document.createElement('span'), { className: `badge ${p.health}`, textContent: p.health })),
    cell(String(p.consecutiveFailures ?? '–')), error, cell(p.score == null ? '–' : String(p.score)),
    cell(p.latencyMs == null ? '–' : `${p.latencyMs} ms`), cell(String(p.uses ?? 0)),
    cell(p.uses ? `${Math.round(100 * successRate(p))} %` : '–'), cell(p.lastUsedAt ? relative(p.lastUsedAt) : '–'),
    cell(usage(p)), cell(`${p.keys}/${p.maxKeys}`),
    cell(p.modelId || '–'), cell(p.provider || '–'), locationCell(p), cell((p.labels || []).join(', ') || '–'),
    cell(String(p.priority ?? '–')), cell(p.lastAssignedAt ? relative(p.lastAssignedAt) : '–'), exitIpCell(p), result);
  return tr;
}

/** The proxy's exit IP, marked when another proxy leaves through it too (to the upstream they are one proxy). */
function exitIpCell(p) {
  if (!p.exitIp) return cell('–');
  const td = cell(p.exitIp);
  if (exitIpUse.get(p.exitIp) > 1) {
    td.append(' ', Object.assign(document.createElement('span'), { className: 'badge shared', textContent: 'shared' }));
  }
  return td;
}

/** Offers these values, replacing the options only when they differ: an open select must not lose its options. */
function offerValues(select, values) {
  if ([...select.options].slice(1).map((o) => o.value).join('|') !== values.join('|')) {
    offer(select, 'any', values.map((v) => [v, v]));
  }
}

/** The filters' choices from the proxies there are; a chosen value stays chosen. */
function choices(all) {
  const distinct = (values) => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  offerValues($('list-usage'), ['free', ...distinct(all.map(usage))]);
  Object.entries(CHOICES).forEach(([id, values]) => offerValues($(id), distinct(all.flatMap(values))));
}

function counts() {
  const visible = shown();
  $('bulk-selection').textContent = `${selectedIds().length} selected`;
  $('list-select-all').checked = visible.length > 0 && visible.every((p) => selected.has(p.id));
}

/** Draws the current page of the list. */
export function showProxyList() {
  const all = knownProxies();
  exitIpUse = all.reduce((use, p) => (p.exitIp ? use.set(p.exitIp, (use.get(p.exitIp) || 0) + 1) : use), new Map());
  choices(all);
  const visible = shown();
  const pages = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
  page = Math.min(page, pages - 1);
  $('proxy-list').querySelector('tbody')
    .replaceChildren(...visible.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map(row));
  $('list-caption').textContent = `Proxies (${visible.length} of ${all.length})`;
  $('list-page').textContent = `page ${page + 1} of ${pages}`;
  $('list-previous').disabled = page === 0;
  $('list-next').disabled = page >= pages - 1;
  counts();
}

function sortBy(th) {
  sortOrder = sortKey === th.dataset.sort ? -sortOrder : 1;
  sortKey = th.dataset.sort;
  $('proxy-list').querySelectorAll('th[data-sort]').forEach((h) => {
    h.setAttribute('aria-sort', h === th ? (sortOrder > 0 ? 'ascending' : 'descending') : 'none');
  });
  showProxyList();
}

export function startProxyList() {
  $('list-filters').addEventListener('submit', (e) => e.preventDefault());
  // change too: a select chosen by a script or a driver may fire only that
  ['input', 'change'].forEach((type) => $('list-filters').addEventListener(type, () => { page = 0; showProxyList(); }));
  $('proxy-list').querySelectorAll('th[data-sort] button')
    .forEach((b) => b.addEventListener('click', () => sortBy(b.closest('th'))));
  $('list-select-all').addEventListener('change', () => {
    shown().forEach((p) => (($('list-select-all').checked) ? selected.add(p.id) : selected.delete(p.id)));
    showProxyList();
  });
  $('list-clear').addEventListener('click', () => { selected.clear(); showProxyList(); });
  $('list-previous').addEventListener('click', () => { page -= 1; showProxyList(); });
  $('list-next').addEventListener('click', () => { page += 1; showProxyList(); });
}
