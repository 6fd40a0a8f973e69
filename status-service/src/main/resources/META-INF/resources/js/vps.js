// VPS hosts: add, edit, delete (inventory-service owns them, refuses deleting one that proxies still name and records
// every change with the token's name); for the host chosen, its proxies (from the status) and its accounts: those it
// manages (account events' vpsId, kept by assignment-service) and those bound to its proxies.
import { owner, json } from './api.js';
import { knownProxies, proxyName } from './dashboard.js';
import { openDetail } from './detail.js';
import { downloadMapping } from './assignments.js';
import { attempt, button, confirmThen, fieldValues, fill, onSubmit, rowOf } from './page.js';

const $ = (id) => document.getElementById(id);
const inventory = (path, options) => owner('inventory', path, options);
/** Accounts read to find a host's; as many as the accounts view reads. */
const LIMIT = 1000;
/** The host whose proxies and accounts are shown; null for none. */
let shownId = null;

/** The VPS hosts, by name. */
export function vpsHosts() {
  return inventory('/api/vps');
}

/** Assigned and waiting accounts; those a host manages or that are bound to its proxies are its. */
async function accounts() {
  const [assigned, pending] = await Promise.all([owner('assignment', `/api/assignments?limit=${LIMIT}`),
    owner('assignment', `/api/assignments/pending?limit=${LIMIT}`)]);
  return [...assigned, ...pending];
}

function hostActions(host) {
  const span = document.createElement('span');
  span.append(button('Show', () => { shownId = host.id; attempt(showVps); }, host.name),
    button('Edit', () => edit(host), host.name),
    button('Delete', () => confirmThen(`Delete VPS host ${host.name}?`, 'Delete', () => attempt(async () => {
      $('vps-result').textContent = '';
      await inventory(`/api/vps/${host.id}`, { method: 'DELETE' });
      if (shownId === host.id) shownId = null;
      await showVps();
    }, () => `VPS host ${host.name} deleted`)), host.name));
  return span;
}

export async function showVps() {
  const [hosts, all] = await Promise.all([vpsHosts(), accounts()]);
  const proxies = knownProxies();
  const onProxiesOf = (id) => new Set(proxies.filter((p) => p.vpsId === id).map((p) => p.id));
  const accountsOf = (id) => {
    const own = onProxiesOf(id);
    return all.filter((a) => a.vpsId === id || own.has(a.proxyId));
  };
  document.querySelector('#vps-table tbody').replaceChildren(...hosts.map((host) => {
    const tr = rowOf([host.name, host.environment, host.address, host.proxyCount, accountsOf(host.id).length,
      hostActions(host)]);
    tr.dataset.id = host.id;
    return tr;
  }));
  const shown = hosts.find((host) => host.id === shownId);
  ['vps-shown-title', 'vps-proxies', 'vps-accounts'].forEach((id) => { $(id).hidden = !shown; });
  if (!shown) return;
  $('vps-shown-title').textContent = `VPS host ${shown.name}`;
  document.querySelector('#vps-proxies tbody').replaceChildren(...proxies.filter((p) => p.vpsId === shown.id)
    .map((p) => rowOf([proxyName(p.id), p.health, `${p.accounts}/${p.maxAccounts}`, p.modelId,
      button('Details', () => openDetail(p.id), proxyName(p.id))])));
  document.querySelector('#vps-accounts tbody').replaceChildren(...accountsOf(shown.id).map((a) => rowOf([a.accountId,
    a.modelId, a.proxyId == null ? 'waiting' : proxyName(a.proxyId), a.vpsId === shown.id ? 'yes' : 'no'])));
}

function edit(host) {
  fill($('vps-form'), host);
  $('vps-id').value = host.id;
  $('vps-form-title').textContent = `Edit VPS host ${host.name}`;
  $('vps-result').textContent = '';
  $('vps-name').focus();
}

function clearForm() {
  $('vps-form').reset();
  $('vps-id').value = '';
  $('vps-form-title').textContent = 'Add a VPS host';
}

async function save() {
  const id = $('vps-id').value;
  const body = fieldValues($('vps-form'));
  const saved = id ? await inventory(`/api/vps/${id}`, json('PUT', body)) : await inventory('/api/vps', json('POST', body));
  clearForm();
  await showVps();
  return `Saved VPS host ${saved.name}.`;
}

export function startVps() {
  onSubmit($('vps-form'), $('vps-result'), save);
  $('vps-clear').addEventListener('click', clearForm);
  $('vps-mapping-download').addEventListener('click', () => attempt(downloadMapping));
}
