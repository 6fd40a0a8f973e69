// The report views: the accounts of each model with the ones waiting for capacity (assignment-service, which owns
// them), and the VPS / proxy / account mapping.
import { owner, send } from './api.js';
import { attempt, rowOf } from './page.js';
import { proxyName, relative } from './dashboard.js';

const $ = (id) => document.getElementById(id);
/** Accounts asked for per list; the view says when there are more. */
const LIMIT = 1000;

/** One model's accounts: a heading row with its figures, then the assigned accounts and the pending ones. */
function modelGroup(model, accounts) {
  const tbody = document.createElement('tbody');
  tbody.dataset.model = model;
  const assigned = accounts.filter((a) => a.proxyId != null);
  const proxies = new Set(assigned.map((a) => a.proxyId)).size;
  const heading = Object.assign(document.createElement('th'), { scope: 'rowgroup', colSpan: 4,
    textContent: `${model || '(no model)'}: ${assigned.length} assigned on ${proxies} ${proxies === 1 ? 'proxy' : 'proxies'}, ${accounts.length - assigned.length} pending` });
  tbody.append(document.createElement('tr'));
  tbody.firstChild.append(heading);
  tbody.append(...accounts.map((a) => {
    const tr = rowOf([a.accountId, a.status, a.proxyId == null ? null : proxyName(a.proxyId),
      a.pendingSince && relative(a.pendingSince)]);
    tr.dataset.account = a.accountId;
    tr.className = `account-${a.status}`;
    return tr;
  }));
  return tbody;
}

export async function showAssignments() {
  const [assigned, pending] = await Promise.all([owner('assignment', `/api/assignments?limit=${LIMIT}`),
    owner('assignment', `/api/assignments/pending?limit=${LIMIT}`)]);
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
}

/** The mapping export needs the token, so it is fetched and handed to the browser as a file. */
async function downloadMapping() {
  const csv = await (await send('', '/api/exports/mapping.csv')).blob();
  const link = document.createElement('a');
  link.href = URL.createObjectURL(csv);
  link.download = 'mapping.csv';
  link.click();
  URL.revokeObjectURL(link.href);
}

export function startReports() {
  $('mapping-download').addEventListener('click', () => attempt(downloadMapping));
  $('models-refresh').addEventListener('click', () => attempt(showAssignments));
}
