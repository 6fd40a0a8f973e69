// Providers: their figures (status-service's read model, built from the provider events), the provider choices of
// the proxy forms, and adding, editing and deleting providers at inventory-service, which owns them. A change shows
// in the list when its event has reached status-service, which announces it over the WebSocket.
import { owner, json, request } from './api.js';
import { attempt, button, confirmThen, fieldValues, fill, offer, onSubmit, rowOf } from './page.js';

const $ = (id) => document.getElementById(id);
const inventory = (path, options) => owner('inventory', path, options);

/** Fills the provider choices of the import and proxy forms; the providers' figures, for their view. */
export async function loadProviders() {
  const providers = await request('', '/api/providers/stats');
  document.querySelectorAll('.provider-choice').forEach((select) => offer(select, 'none', providers.map((p) => [p.name, p.id])));
  return providers;
}

const money = (amount, currency) => amount && `${amount} ${currency || ''}`;

function providerActions(p) {
  const span = document.createElement('span');
  span.append(button('Edit', () => attempt(() => edit(p.id)), p.name),
    button('Delete', () => confirmThen(`Delete provider ${p.name}? Only a provider without proxies can be deleted.`, 'Delete',
      () => attempt(() => inventory(`/api/providers/${p.id}`, { method: 'DELETE' }), () => `${p.name} deleted`)), p.name));
  return span;
}

export async function showProviders() {
  const providers = await loadProviders();
  document.querySelector('#provider-table tbody').replaceChildren(...providers.map((p) => {
    const tr = rowOf([p.name, p.serviceType, p.status, `${p.enabled} of ${p.proxies} enabled`, p.healthy,
      `${Math.round(p.utilisation * 100)} % (${p.accounts}/${p.capacity})`, money(p.monthlyCostPerProxy, p.currency),
      money(p.monthlyCost, p.currency), money(p.costPerAssignedAccount, p.currency), providerActions(p)]);
    tr.dataset.provider = p.id;
    return tr;
  }));
}

/** Loads the provider as inventory-service holds it (contact e-mail included) into the form. */
async function edit(id) {
  const p = await inventory(`/api/providers/${id}`);
  fill($('provider-form'), p);
  $('provider-id').value = p.id;
  $('provider-form-title').textContent = `Edit provider ${p.id} (${p.name})`;
  $('provider-result').textContent = '';
  $('provider-name').focus();
}

/** Back to adding a new provider. */
function clearProviderForm() {
  $('provider-form').reset();
  $('provider-id').value = '';
  $('provider-form-title').textContent = 'Add a provider';
}

/** POST a new provider, or PUT the edited one: the form holds every field a provider has. */
async function saveProvider() {
  const id = $('provider-id').value;
  const body = json(id ? 'PUT' : 'POST', fieldValues($('provider-form')));
  const saved = await inventory(id ? `/api/providers/${id}` : '/api/providers', body);
  clearProviderForm();
  return `Saved provider ${saved.id} (${saved.name}).`;
}

export function startProviders() {
  onSubmit($('provider-form'), $('provider-result'), saveProvider);
  $('provider-clear').addEventListener('click', clearProviderForm);
}
