// The accounts of a proxy's exit IP as assignment-service holds them: the proxies that leave through one address are
// one proxy to the upstream, so their accounts are of one model together and, where an operator set one, within the
// address's limit. The proxy detail shows them and lets an operator set or clear that limit.
import { json, owner } from './api.js';
import { count, fieldValues, onSubmit } from './page.js';

const $ = (id) => document.getElementById(id);
/** The address the form edits: the proxy's exit IP as the detail last showed it. */
let address = null;

/** What assignment-service holds on this address, or null when it knows no proxy leaving through it (yet). */
async function held(exitIp) {
  try {
    return await owner('assignment', `/api/exit-ips/${encodeURIComponent(exitIp)}`);
  } catch (e) {
    if (/no proxy leaves through/.test(e.message)) return null;
    throw e;
  }
}

function describe(shared) {
  const model = shared.modelId ? ` of ${shared.modelId}` : '';
  const limit = shared.maxAccounts == null ? 'no limit of its own' : `at most ${shared.maxAccounts}`;
  return `${shared.address}: ${count(shared.accounts, 'account')}${model} on ${count(shared.proxyIds.length, 'proxy',
    'proxies')}, ${limit}.`;
}

/** Shows the exit IP's accounts and limit for the proxy's status; hidden while its exit IP is not known. */
export async function showExitIpLimit(status) {
  const shared = status.exitIp ? await held(status.exitIp) : null;
  $('detail-exit-ip').hidden = !shared;
  if (!shared) return;
  if (address !== shared.address) $('detail-exit-ip-result').textContent = '';
  address = shared.address;
  $('detail-exit-ip-summary').textContent = describe(shared);
  if (!$('detail-exit-ip-form').contains(document.activeElement)) {
    $('detail-exit-ip-max').value = shared.maxAccounts ?? '';
  }
}

/** PUT of the limit; empty clears it. The accounts beyond a lower one move, as the answer's count shows. */
async function save() {
  const { maxAccounts } = fieldValues($('detail-exit-ip-form'));
  const saved = await owner('assignment', `/api/exit-ips/${encodeURIComponent(address)}`,
    json('PUT', { maxAccounts: maxAccounts && Number(maxAccounts) }));
  $('detail-exit-ip-summary').textContent = describe(saved);
  return saved.maxAccounts == null ? `No limit for ${saved.address}.`
    : `Saved: the proxies of ${saved.address} hold at most ${count(saved.maxAccounts, 'account')}.`;
}

export function startExitIpLimit() {
  onSubmit($('detail-exit-ip-form'), $('detail-exit-ip-result'), save);
}
