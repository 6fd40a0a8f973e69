// Operations: they call the service that owns the data (inventory, health); the dashboard shows the result
// when its events come back.
import { inventory, health, json, request, send } from './api.js';

const $ = (id) => document.getElementById(id);
let lastImport = null;

export function say(message) {
  $('message').textContent = message;
  $('message').hidden = false;
  setTimeout(() => { $('message').hidden = true; }, 8000);
}

async function attempt(action, success) {
  try {
    const result = await action();
    if (success) say(success(result));
  } catch (e) {
    say(`Failed: ${e.message}`);
  }
}

function button(label, onClick, name) {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
  b.setAttribute('aria-label', `${label} ${name}`);
  b.addEventListener('click', onClick);
  return b;
}

/** The buttons of one proxy row. */
export function proxyActions(p) {
  const name = `${p.host}:${p.port}`;
  const span = document.createElement('span');
  span.append(
    button('Test now', () => attempt(() => health(`/api/health/proxies/${p.id}/probe`, { method: 'POST' }),
      (r) => `${name}: ${r.state || r.to || 'probed'}${r.latencyMs != null ? `, ${r.latencyMs} ms` : ''}`), name),
    button(p.enabled ? 'Disable' : 'Enable', () => attempt(() => patch(p.id, { enabled: !p.enabled }),
      () => `${name} ${p.enabled ? 'disabled' : 'enabled'}`), name),
    button('Priority…', () => {
      const value = prompt(`Priority of ${name} (0 = highest)`, p.priority);
      if (value !== null) attempt(() => patch(p.id, { priority: Number(value) }), () => `${name}: priority ${value}`);
    }, name),
    button('Edit', () => edit(p.id), name),
    button('Delete', () => confirmDelete(p.id, name), name));
  return span;
}

function patch(id, changes) {
  return inventory(`/api/proxies/${id}`, { ...json('PATCH', changes), headers: { 'content-type': 'application/merge-patch+json' } });
}

function confirmDelete(id, name) {
  const dialog = $('confirm-dialog');
  $('confirm-text').textContent = `Delete proxy ${name}? Its accounts move to other proxies.`;
  dialog.onclose = () => {
    if (dialog.returnValue === 'ok') attempt(() => inventory(`/api/proxies/${id}`, { method: 'DELETE' }), () => `${name} deleted`);
  };
  dialog.showModal();
}

async function edit(id) {
  const p = await inventory(`/api/proxies/${id}`);
  const fields = { host: p.host, port: p.port, protocol: p.protocol, username: p.username || '', location: p.location || '',
    labels: (p.labels || []).join(', '), priority: p.priority, max: p.maxAccounts, provider: p.providerId || '', id: p.id };
  Object.entries(fields).forEach(([k, v]) => { $(`proxy-${k}`).value = v; });
  $('proxy-password').value = '';
  $('proxy-password').placeholder = p.passwordSet ? 'unchanged' : '';
  location.hash = '#add';
}

function proxyRequest() {
  const value = (k) => $(`proxy-${k}`).value.trim();
  const body = { host: value('host'), port: Number(value('port')), protocol: value('protocol'),
    username: value('username') || null, providerId: value('provider') ? Number(value('provider')) : null,
    location: value('location') || null, labels: value('labels') ? value('labels').split(',').map((s) => s.trim()) : [],
    priority: Number(value('priority')), maxAccounts: Number(value('max')) };
  if ($('proxy-password').value) body.password = $('proxy-password').value;
  return body;
}

async function saveProxy(event) {
  event.preventDefault();
  const id = $('proxy-id').value;
  try {
    const saved = await inventory(id ? `/api/proxies/${id}` : '/api/proxies', json(id ? 'PUT' : 'POST', proxyRequest()));
    $('proxy-result').textContent = `Saved proxy ${saved.id} (${saved.host}:${saved.port}).`;
    $('proxy-form').reset();
    $('proxy-id').value = '';
  } catch (e) {
    $('proxy-result').textContent = `Not saved: ${e.message}`;
  }
}

function importPath(dryRun) {
  const provider = $('import-provider').value;
  return `/api/proxies/import?dryRun=${dryRun}${provider ? `&providerId=${provider}` : ''}`;
}

async function runImport(dryRun) {
  const text = $('import-text').value;
  try {
    const report = await inventory(importPath(dryRun), { method: 'POST', headers: { 'content-type': 'text/plain' }, body: text });
    showReport(report);
    lastImport = dryRun && report.valid > 0 ? text : null;
  } catch (e) {
    $('import-summary').textContent = `Import failed: ${e.message}`;
    lastImport = null;
  }
  $('import-confirm').disabled = lastImport === null || lastImport !== $('import-text').value;
}

function showReport(report) {
  const what = report.stored ? `${report.created} created` : `${report.valid} valid`;
  $('import-summary').textContent = `${report.dryRun ? 'Preview' : 'Import'}: ${report.lines} lines — ${what}, `
    + `${report.duplicates} duplicates, ${report.invalid} invalid.`;
  const rows = report.results.map((line) => {
    const tr = document.createElement('tr');
    tr.className = `status-${line.status}`;
    [line.line, line.status, line.id ?? '', line.reason ?? ''].forEach((v) => tr.append(Object.assign(document.createElement('td'), { textContent: v })));
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
    if (file) area.value = await file.text();
  });
}

async function loadProviders() {
  const providers = await request('', '/api/providers/stats');
  document.querySelectorAll('.provider-choice').forEach((select) => {
    const chosen = select.value;
    select.replaceChildren(new Option('none', ''), ...providers.map((p) => new Option(p.name, p.id)));
    select.value = chosen;
  });
  return providers;
}

function fill(tbody, rows) {
  tbody.replaceChildren(...rows.map((cells) => {
    const tr = document.createElement('tr');
    cells.forEach((v) => tr.append(Object.assign(document.createElement('td'), { textContent: v ?? '–' })));
    return tr;
  }));
}

export async function showProviders() {
  const providers = await loadProviders();
  fill(document.querySelector('#provider-table tbody'), providers.map((p) => [p.name, p.serviceType,
    `${p.enabled} of ${p.proxies} enabled`, p.healthy, `${Math.round(p.utilisation * 100)} % (${p.accounts}/${p.capacity})`,
    p.monthlyCost && `${p.monthlyCost} ${p.currency || ''}`, p.costPerAssignedAccount && `${p.costPerAssignedAccount} ${p.currency || ''}`]));
}

export async function showModels() {
  const models = await request('', '/api/models');
  fill(document.querySelector('#model-table tbody'), models.map((m) => [m.modelId, m.proxies, m.accounts, m.pending]));
}

export function startOperations() {
  $('import-form').addEventListener('submit', (e) => { e.preventDefault(); runImport(true); });
  $('import-confirm').addEventListener('click', () => runImport(false));
  $('import-text').addEventListener('input', () => { $('import-confirm').disabled = lastImport !== $('import-text').value; });
  acceptDrops($('import-text'));
  $('proxy-form').addEventListener('submit', saveProxy);
  $('mapping-download').addEventListener('click', () => downloadMapping().catch((e) => say(`Failed: ${e.message}`)));
  loadProviders().catch(() => {});
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
