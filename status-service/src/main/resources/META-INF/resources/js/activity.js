// The audit trail from inventory-service (which records it): the fleet-wide activity, newest first, or one proxy's
// history when a proxy row's "History" opened it. Secrets appear only as "changed"; the service never holds more.
import { owner } from './api.js';
import { proxyName } from './dashboard.js';
import { attempt, rowOf } from './page.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 50;
/** The proxy whose history is shown; null for the whole fleet's activity. */
let proxyId = null;
let page = 0;

/** Shows the activity section for one proxy (an id) or for the whole fleet (null). */
export function openActivity(id) {
  proxyId = id;
  page = 0;
  if (location.hash === '#activity') {
    attempt(showActivity);
  } else {
    location.hash = '#activity';
  }
}

/** "enabled: true → false; password: changed"; an import's counts as "created: 12". */
function describe(changes) {
  return Object.entries(changes || {}).map(([field, change]) => {
    if (change === null || typeof change !== 'object') return `${field}: ${change}`;
    return `${field}: ${show(change.old)} → ${show(change.new)}`;
  }).join('; ') || '–';
}

function show(value) {
  if (value === null || value === undefined) return '–';
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

/** One audit entry as a table row: when, who, what, action, changes, why (also the proxy detail's latest changes). */
export function auditRow(entry) {
  const what = entry.entityId ? `${entry.entity} ${entry.entityId}` : entry.entity;
  return rowOf([new Date(entry.at).toLocaleString(), entry.actor, what, entry.action, describe(entry.changes),
    entry.reason]);
}

/** Reads the shown page again. */
export async function showActivity() {
  const filter = proxyId === null ? '' : `&entity=proxy&id=${encodeURIComponent(proxyId)}`;
  const answer = await owner('inventory', `/api/audit?page=${page}&size=${PAGE_SIZE}${filter}`);
  $('activity-title').textContent = proxyId === null ? 'Activity' : `History of ${proxyName(proxyId)}`;
  $('activity-all').hidden = proxyId === null;
  const last = Math.max(0, Math.ceil(answer.total / PAGE_SIZE) - 1);
  $('activity-summary').textContent = answer.total === 0 ? 'No changes recorded.'
    : `${answer.total} changes, newest first; page ${page + 1} of ${last + 1}.`;
  $('activity-newer').disabled = page === 0;
  $('activity-older').disabled = page >= last;
  document.querySelector('#activity-table tbody').replaceChildren(...answer.items.map(auditRow));
}

export function startActivity() {
  $('activity-newer').addEventListener('click', () => { page = Math.max(0, page - 1); attempt(showActivity); });
  $('activity-older').addEventListener('click', () => { page += 1; attempt(showActivity); });
  $('activity-all').addEventListener('click', () => openActivity(null));
  // The menu's link always opens the whole fleet's activity, also from a proxy's history (same hash, no hashchange).
  document.querySelector('nav a[href="#activity"]').addEventListener('click', (event) => {
    event.preventDefault();
    openActivity(null);
  });
}
