// Operations on proxies: they call the service that owns the data (inventory, health); the dashboard shows the
// result when its events come back.
import { owner, json } from './api.js';
import { attempt, button, confirmThen, fill, onSubmit, rowOf, say } from './page.js';
import { openKeys } from './keys.js';
import { openActivity } from './activity.js';
import { openDetail } from './detail.js';

const $ = (id) => document.getElementById(id);
const inventory = (path, options) => owner('inventory', path, options);
let lastImport = null;

/** The buttons of one proxy row. */
export function proxyActions(p) {
  const name = `${p.host}:${p.port}`;
  const span = document.createElement('span');
  span.append(
    button('Details', () => openDetail(p.id), name),
    button('Test now', () => {
      say(`Probing ${name}…`);
      attempt(() => owner('health', `/api/health/proxies/${p.id}/probe`, { method: 'POST' }),
        (r) => `Probe of ${name}: ${probeOutcome(r)}`);
    }, name),
    button(p.enabled ? 'Disable' : 'Enable', () => attempt(() => patch(p.id, { enabled: !p.enabled }),
      () => `${name} ${p.enabled ? 'disabled' : 'enabled'}`), name),
    button('Priority…', () => askPriority(p, name), name),
    button('Edit', () => attempt(() => edit(p.id)), name),
    button('Keys', () => openKeys(p.id), name),
    button('History', () => openActivity(p.id), name),
    button('Delete', () => confirmDelete(p.id, name), name));
  return span;
}

/** The new health a probe answered: state, then latency or the error. */
function probeOutcome(health) {
  const detail = health.error || (health.latencyMs != null ? `${health.latencyMs} ms` : '');
  return detail ? `${health.state} (${detail})` : health.state;
}

function askPriority(p, name) {
  const value = prompt(`Priority of ${name} (0 = highest)`, p.priority);
  if (value === null) return;
  if (!/^\d+$/.test(value.trim())) {
    say(`Not changed: the priority of ${name} must be a whole number, 0 or more`);
    return;
  }
  attempt(() => patch(p.id, { priority: Number(value) }), () => `${name}: priority ${Number(value)}`);
}

function confirmDelete(id, name) {
  confirmThen(`Delete proxy ${name}? Its accounts move to other proxies.`, 'Delete',
    () => attempt(() => inventory(`/api/proxies/${id}`, { method: 'DELETE' }), () => `${name} deleted`));
}

function patch(id, changes) {
  return inventory(`/api/proxies/${id}`, { ...json('PATCH', changes), headers: { 'content-type': 'application/merge-patch+json' } });
}

async function edit(id) {
  const p = await inventory(`/api/proxies/${id}`);
  fill($('proxy-form'), { ...p, labels: (p.labels || []).join(', ') });
  $('proxy-id').value = p.id;
  $('proxy-password').placeholder = p.passwordSet ? 'unchanged' : '';
  $('add-title').textContent = `Edit proxy ${p.id} (${p.host}:${p.port})`;
  $('proxy-result').textContent = '';
  location.hash = '#add';
}

/** Back to adding a new proxy. */
function clearProxyForm() {
  $('proxy-form').reset();
  $('proxy-id').value = '';
  $('proxy-password').placeholder = '';
  $('add-title').textContent = 'Add a proxy';
}

function proxyRequest() {
  const value = (k) => $(`proxy-${k}`).value.trim();
  const body = { host: value('host'), port: Number(value('port')), protocol: value('protocol'),
    username: value('username') || null, providerId: value('provider') ? Number(value('provider')) : null,
    location: value('location') || null, labels: value('labels').split(',').map((s) => s.trim()).filter(Boolean),
    priority: Number(value('priority')), maxAccounts: Number(value('max')), maxKeys: Number(value('max-keys')) };
  if ($('proxy-password').value) body.password = $('proxy-password').value;
  return body;
}

/** PUT replaces the whole proxy: what the form does not show (enabled, VPS, notes) is carried over as stored now. */
async function replacement(id) {
  const stored = await inventory(`/api/proxies/${id}`);
  return { enabled: stored.enabled, vpsId: stored.vpsId, notes: stored.notes, ...proxyRequest() };
}

async function saveProxy() {
  const id = $('proxy-id').value;
  const saved = id ? await inventory(`/api/proxies/${id}`, json('PUT', await replacement(id)))
    : await inventory('/api/proxies', json('POST', proxyRequest()));
  clearProxyForm();
  return `Saved proxy ${saved.id} (${saved.host}:${saved.port}).`;
}

function importPath(dryRun) {
  const provider = $('import-provider').value;
  return `/api/proxies/import?dryRun=${dryRun}${provider ? `&providerId=${provider}` : ''}`;
}

/** A dry run of what the text area holds, or the import of exactly what the last dry run previewed. */
async function runImport(dryRun) {
  const text = dryRun ? $('import-text').value : lastImport;
  // One request answers every line at once: the bar says it is under way, not how far (it cannot know).
  $('import-summary').textContent = `${dryRun ? 'Previewing' : 'Importing'} ${text.split('\n').length} lines…`;
  $('import-progress').hidden = false;
  try {
    const report = await inventory(importPath(dryRun), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
    showReport(report);
    lastImport = dryRun && report.valid > 0 ? text : null;
  } catch (e) {
    $('import-summary').textContent = `Import failed: ${e.message}`;
    lastImport = null;
  } finally {
    $('import-progress').hidden = true;
  }
  offerConfirm();
}

/** Confirming is offered while the text is the one previewed. */
function offerConfirm() {
  $('import-confirm').disabled = lastImport === null || lastImport !== $('import-text').value;
}

function showReport(report) {
  const what = report.stored ? `${report.created} created` : `${report.valid} valid`;
  $('import-summary').textContent = `${report.dryRun ? 'Preview' : 'Import'}: ${report.lines} lines — ${what}, `
    + `${report.duplicates} duplicates, ${report.invalid} invalid.`;
  const rows = report.results.map((line) => {
    const tr = rowOf([line.line, line.status, line.id ?? '', line.reason ?? '']);
    tr.className = `status-${line.status}`;
    return tr;
  });
  document.querySelector('#import-results tbody').replaceChildren(...rows);
  $('import-results').hidden = false;
}

function acceptDrops(area) {
  area.addEventListener('dragover', (e) => { e.preventDefault(); area.classList.add('dragging'); });
  area.addEventListener('dragleave', () => area.classList.remove('dragging'));
  area.addEventListener('drop', async (e) => {
    e.preventDefault();
    area.classList.remove('dragging');
    const file = e.dataTransfer.files[0];
    if (file) {
      area.value = await file.text();
      runImport(true); // a dry run stores nothing: the preview comes at once
    }
  });
}

export function startOperations() {
  $('import-form').addEventListener('submit', (e) => { e.preventDefault(); runImport(true); });
  $('import-confirm').addEventListener('click', () => runImport(false));
  $('import-text').addEventListener('input', offerConfirm);
  acceptDrops($('import-text'));
  onSubmit($('proxy-form'), $('proxy-result'), saveProxy);
  $('proxy-clear').addEventListener('click', clearProxyForm);
}
