// Bulk edit of the proxy list's selection: one POST /api/proxies/bulk per chunk of 100 proxies, so that the progress
// bar moves as chunks are done; each proxy's outcome (or the problem that stopped it) shows in its row.
import { json, owner, send } from './api.js';
import { attempt, confirmThen, onSubmit } from './page.js';
import { knownProxy } from './dashboard.js';
import { selectedIds, showOutcome, showProxyList } from './proxy-list.js';

/** Proxies per request: the service takes up to 500; smaller chunks show progress on large selections. */
const CHUNK = 100;
const $ = (id) => document.getElementById(id);

/** Shows only the value fields the chosen action takes. */
function showFields() {
  const action = $('bulk-action').value;
  $('bulk-form').querySelectorAll('label[data-for]').forEach((label) => {
    label.hidden = !label.dataset.for.split(' ').includes(action);
  });
}

/**
 * The request body of the chosen action, without ids. Values go as typed (the service reads a number from its text),
 * so that one it refuses is named at its field; absent ones stay absent, and the service says what is missing.
 */
function action() {
  const body = { action: $('bulk-action').value };
  const labels = $('bulk-labels').value.split(',').map((l) => l.trim()).filter(Boolean);
  const value = (id) => $(id).value.trim() || undefined;
  if (body.action.endsWith('Labels') && labels.length) body.labels = labels;
  if (body.action === 'priority') body.priority = value('bulk-priority');
  if (body.action === 'provider') body.providerId = value('bulk-provider');
  if (body.action === 'vps') body.vpsId = value('bulk-vps');
  return body;
}

/**
 * Sends the action chunk by chunk. A chunk refused as a whole (400: the action's value is invalid) stops the rest and
 * its field errors mark the form's fields (onSubmit); a proxy refused alone shows its problem in its row.
 */
async function apply(ids, body) {
  const progress = $('bulk-progress');
  Object.assign(progress, { hidden: false, max: ids.length, value: 0 });
  let failed = 0;
  try {
    for (let start = 0; start < ids.length; start += CHUNK) {
      const report = await owner('inventory', '/api/proxies/bulk', json('POST', { ...body, ids: ids.slice(start, start + CHUNK) }));
      report.results.forEach((r) => showOutcome(r.id, Boolean(r.problem), r.problem ? problemText(r.problem) : 'done'));
      failed += report.failed;
      progress.value = Math.min(ids.length, start + CHUNK);
      showProxyList();
    }
  } finally {
    progress.hidden = true;
  }
  return `${body.action}: ${ids.length - failed} of ${ids.length} proxies done${failed ? `, ${failed} failed (see their rows)` : ''}`;
}

function problemText(problem) {
  const fields = (problem.errors || []).map((e) => `${e.field}: ${e.message}`).join('; ');
  return `${problem.status} ${fields || problem.detail}`;
}

/** The accounts bound to these proxies, from the mapping export (the read model's accounts). */
async function boundAccounts(ids) {
  const wanted = new Set(ids.map(String));
  const [header, ...lines] = (await (await send('', 'api/exports/mapping.csv')).text()).split('\n').filter(Boolean);
  const columns = csvCells(header);
  return lines.map(csvCells).filter((cells) => wanted.has(cells[columns.indexOf('proxy_id')]))
    .map((cells) => cells[columns.indexOf('account_id')]);
}

/** The cells of one RFC 4180 line, quotes undone. */
function csvCells(line) {
  const cells = [''];
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cells[cells.length - 1] += '"';
      i += 1;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      cells.push('');
    } else {
      cells[cells.length - 1] += c;
    }
  }
  return cells;
}

async function confirmDelete(ids) {
  const accounts = await boundAccounts(ids);
  const held = ids.reduce((sum, id) => sum + (knownProxy(id)?.accounts || 0), 0);
  const moving = accounts.length
    ? `Their ${accounts.length} accounts move to other proxies: ${accounts.join(', ')}.`
    : `${held ? `Their ${held} accounts move to other proxies.` : 'No account is bound to them.'}`;
  confirmThen(`Delete ${ids.length} proxies? ${moving}`, `Delete ${ids.length} proxies`,
    () => attempt(async () => { $('bulk-result').textContent = await apply(ids, { action: 'delete' }); }));
  return `Delete ${ids.length} proxies: waiting for confirmation`;
}

export function startBulkEdit() {
  $('bulk-action').addEventListener('change', showFields);
  showFields();
  onSubmit($('bulk-form'), $('bulk-result'), async () => {
    const ids = selectedIds();
    if (!ids.length) return 'Select proxies first';
    const body = action();
    return body.action === 'delete' ? confirmDelete(ids) : apply(ids, body);
  }, 'Not applied');
}
