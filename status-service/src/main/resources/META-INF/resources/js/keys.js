// The API keys of one proxy: listed from inventory-service (which owns them), each with the time until which its
// consumers reported it exhausted (from the status); add and remove. Secrets go in and never come back.
import { owner, json } from './api.js';
import { knownProxy, proxyName } from './dashboard.js';
import { button, cell, confirmThen, attempt, onSubmit } from './page.js';

const $ = (id) => document.getElementById(id);
const inventory = (path, options) => owner('inventory', path, options);
/** The proxy whose keys the section shows. */
let proxyId = null;

/** Shows the keys section for this proxy. */
export function openKeys(id) {
  proxyId = id;
  $('key-result').textContent = '';
  if (location.hash === '#keys') {
    attempt(showKeys);
  } else {
    location.hash = '#keys';
  }
}

/** Until when a key of the status (one of a proxy's apiKeys) is still exhausted, else "–". */
export function exhaustion(key) {
  return key && key.exhaustedUntil && Date.parse(key.exhaustedUntil) > Date.now()
    ? new Date(key.exhaustedUntil).toLocaleString() : '–';
}

/** The exhaustion of the shown proxy's key; the status knows it only for callers with a viewer token. */
function exhaustedUntil(id) {
  return exhaustion((knownProxy(proxyId)?.apiKeys || []).find((k) => k.id === id));
}

function keyRow(key) {
  const tr = document.createElement('tr');
  tr.dataset.id = key.id;
  const name = `key ${key.name}`;
  tr.append(cell(key.name), cell(key.pool), cell(exhaustedUntil(key.id)), cell(button('Remove', () =>
    confirmThen(`Remove ${name} from ${proxyName(proxyId)}?`, 'Remove', () => attempt(
      () => inventory(`/api/proxies/${proxyId}/keys/${key.id}`, { method: 'DELETE' }).then(showKeys),
      () => `${name} removed`)), name)));
  return tr;
}

/** Reads the proxy's keys again. */
export async function showKeys() {
  if (proxyId === null) {
    $('keys-title').textContent = 'API keys: choose a proxy\'s "Keys" on the dashboard';
    return;
  }
  const keys = await inventory(`/api/proxies/${proxyId}/keys`);
  const proxy = knownProxy(proxyId);
  const limit = proxy ? ` (${keys.length} of ${proxy.maxKeys})` : '';
  $('keys-title').textContent = `API keys of ${proxyName(proxyId)}${limit}`;
  document.querySelector('#key-table tbody').replaceChildren(...keys.map(keyRow));
}

async function addKey() {
  const body = { name: $('key-name').value.trim(), secret: $('key-secret').value, pool: $('key-pool').value.trim() };
  const added = await inventory(`/api/proxies/${proxyId}/keys`, json('POST', body));
  $('key-form').reset();
  await showKeys();
  return `Added key ${added.name} to ${proxyName(proxyId)}.`;
}

export function startKeys() {
  onSubmit($('key-form'), $('key-result'), addKey);
}
