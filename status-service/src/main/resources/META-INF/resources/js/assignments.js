// The accounts of each model with the ones waiting for capacity, and an operator's manual operations on them: assign
// (by policy or to a chosen proxy), reassign, release. Both go to assignment-service, which owns the accounts and
// answers a change the rules forbid with 409 and the broken rule; the view is read again after each change.
import { owner, json, send } from './api.js';
import { attempt, button, confirmThen, count, fieldValues, fill, onSubmit, rowOf } from './page.js';
import { knownProxies, proxyName, relative } from './dashboard.js';
import { showAccountHistory } from './account-history.js';
import { showCapacity, startCapacity } from './capacity.js';

const $ = (id) => document.getElementById(id);
const assignment = (path, options) => owner('assignment', path, options);
/** Accounts asked for per list; the view says when there are more. */
const LIMIT = 1000;
/** Proxies suggested for a manual assignment. */
const SUGGESTED = 50;

function accountActions(a) {
  const span = document.createElement('span');
  span.append(button(a.proxyId == null ? 'Assign…' : 'Reassign…', () => prepare(a), a.accountId),
    button('Release', () => confirmRelease(a), a.accountId),
    button('History', () => attempt(() => showAccountHistory(a.accountId)), a.accountId));
  return span;
}

/** "usage 5/9 slots (56 %)": the accounts of the model's proxies (as the status shows them) of their capacity. */
function usage(model) {
  const own = knownProxies().filter((p) => model && p.modelId === model);
  const used = own.reduce((sum, p) => sum + p.accounts, 0);
  const slots = own.reduce((sum, p) => sum + p.maxAccounts, 0);
  return slots === 0 ? '' : `; usage ${used}/${slots} slots (${Math.round((100 * used) / slots)} %)`;
}

/** One model's accounts: a heading row with its figures, then the assigned accounts and the pending ones. */
function modelGroup(model, accounts) {
  const tbody = document.createElement('tbody');
  tbody.dataset.model = model;
  const assigned = accounts.filter((a) => a.proxyId != null);
  const proxies = new Set(assigned.map((a) => a.proxyId)).size;
  const heading = Object.assign(document.createElement('th'), { scope: 'rowgroup', colSpan: 5,
    textContent: `${model || '(no model)'}: ${assigned.length} assigned on ${count(proxies, 'proxy', 'proxies')}, ${accounts.length - assigned.length} pending${usage(model)}` });
  tbody.append(document.createElement('tr'));
  tbody.firstChild.append(heading);
  tbody.append(...accounts.map((a) => {
    const tr = rowOf([a.accountId, a.status, a.proxyId == null ? null : proxyName(a.proxyId),
      a.pendingSince && relative(a.pendingSince), accountActions(a)]);
    tr.dataset.account = a.accountId;
    tr.className = `account-${a.status}`;
    return tr;
  }));
  return tbody;
}

export async function showAssignments() {
  const [assigned, pending] = await Promise.all([assignment(`/api/assignments?limit=${LIMIT}`),
    assignment(`/api/assignments/pending?limit=${LIMIT}`)]);
  const byModel = new Map();
  [...assigned, ...pending].forEach((a) => {
    const model = a.modelId || '';
    if (!byModel.has(model)) byModel.set(model, []);
    byModel.get(model).push(a);
  });
  const table = $('model-table');
  table.querySelectorAll('tbody').forEach((tbody) => tbody.remove());
  table.append(...[...byModel.keys()].sort().map((model) => modelGroup(model, byModel.get(model))));
  const more = assigned.length === LIMIT || pending.length === LIMIT ? ` (the first ${LIMIT} of each shown)` : '';
  $('models-summary').textContent = `${assigned.length} accounts assigned, ${pending.length} waiting for capacity${more}.`;
  suggestProxies();
  await showCapacity();
}

/**
 * Suggests the proxies that can take an account of the form's model now (enabled, not failed, room, no other model),
 * healthy ones first, then by priority: the first SUGGESTED of them, so a fleet of thousands stays one short list.
 * Any proxy id may still be typed; one the rules exclude is refused with the rule (409).
 */
function suggestProxies() {
  const model = $('assign-model').value.trim();
  const fitting = model ? knownProxies().filter((p) => p.enabled && p.health !== 'failed' && p.accounts < p.maxAccounts
    && (!p.modelId || p.modelId === model)) : [];
  fitting.sort((a, b) => (b.health === 'healthy') - (a.health === 'healthy') || a.priority - b.priority || a.id - b.id);
  $('assign-proxies').replaceChildren(...fitting.slice(0, SUGGESTED).map((p) => new Option(
    `${p.host}:${p.port} (${p.accounts}/${p.maxAccounts}${p.modelId ? ` ${p.modelId}` : ''}, ${p.health})`, p.id)));
  $('assign-proxy-hint').textContent = !model ? 'Proxy: empty lets the policy choose; name the model to see the proxies that fit.'
    : `${count(fitting.length, 'proxy fits', 'proxies fit')} ${model} now`
      + `${fitting.length > SUGGESTED ? ` (the first ${SUGGESTED} suggested)` : ''}; empty lets the policy choose.`;
}

/** Puts an account into the form, to assign or reassign it by policy or to the proxy the operator chooses. */
function prepare(a) {
  fill($('assign-form'), { accountId: a.accountId, modelId: a.modelId });
  $('assign-title').textContent = a.proxyId == null ? `Assign ${a.accountId} (waiting for capacity)`
    : `Reassign ${a.accountId} (now on ${proxyName(a.proxyId)})`;
  $('assign-result').textContent = '';
  suggestProxies();
  $('assign-proxy').focus();
}

/** Back to assigning any account. */
function clearAssignForm() {
  $('assign-form').reset();
  $('assign-title').textContent = 'Assign an account';
  suggestProxies();
}

/** POST /api/assignments: the account to the chosen proxy, or where the policy puts it (without a proxy). */
async function assign() {
  const request = fieldValues($('assign-form'));
  const account = await assignment('/api/assignments', json('POST', { ...request, proxyId: request.proxyId && Number(request.proxyId) }));
  clearAssignForm();
  attempt(showAssignments);
  return account.proxyId == null ? `${account.accountId} waits for capacity.`
    : `${account.accountId} is assigned to ${proxyName(account.proxyId)}.`;
}

function confirmRelease(a) {
  const from = a.proxyId == null ? 'its place in the queue' : proxyName(a.proxyId);
  confirmThen(`Release ${a.accountId} from ${from}? It gets no proxy until it is assigned again.`, 'Release',
    () => attempt(async () => {
      await assignment(`/api/assignments/${encodeURIComponent(a.accountId)}`, { method: 'DELETE' });
      attempt(showAssignments);
    }, () => `${a.accountId} released`));
}

/** The mapping export needs the token, so it is fetched and handed to the browser as a file. */
export async function downloadMapping() {
  const csv = await (await send('', '/api/exports/mapping.csv')).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(csv);
  link.download = 'mapping.csv';
  link.click();
  URL.revokeObjectURL(link.href);
}

export function startAssignments() {
  $('mapping-download').addEventListener('click', () => attempt(downloadMapping));
  $('models-refresh').addEventListener('click', () => attempt(showAssignments));
  onSubmit($('assign-form'), $('assign-result'), assign, 'Not assigned');
  $('assign-model').addEventListener('input', suggestProxies);
  startCapacity(() => attempt(showAssignments));
}
