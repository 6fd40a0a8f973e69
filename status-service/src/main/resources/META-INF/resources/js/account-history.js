// The history of one account from assignment-service, which records every change of its proxy in the change's
// transaction (and every change of its proxy's exit IP): when, what, which proxy (and which it left), why and who.
import { owner } from './api.js';
import { proxyName } from './dashboard.js';
import { count, rowOf } from './page.js';

const $ = (id) => document.getElementById(id);
/** Entries shown; an account moved more often shows its latest. */
const LIMIT = 100;

/** Shows the history of this account above the accounts of each model. */
export async function showAccountHistory(accountId) {
  const entries = await owner('assignment',
    `/api/assignments/history?accountId=${encodeURIComponent(accountId)}&limit=${LIMIT}`);
  const proxy = (id) => (id == null ? null : proxyName(id));
  $('account-history-title').textContent = `History of ${accountId}`;
  $('account-history-caption').textContent = entries.length === LIMIT ? `The latest ${LIMIT} changes, newest first`
    : `${count(entries.length, 'change')}, newest first`;
  // An exit-ip-changed entry keeps the account's proxy: it names the proxy's old and new address instead.
  const action = (e) => (e.exitIp ? `${e.action}: ${e.previousExitIp} → ${e.exitIp}` : e.action);
  document.querySelector('#account-history-table tbody').replaceChildren(...entries.map((e) => rowOf([
    new Date(e.at).toLocaleString(), action(e), proxy(e.proxyId),
    proxy(e.previousProxyId === e.proxyId ? null : e.previousProxyId), e.reason, e.actor])));
  $('account-history').hidden = false;
  $('account-history').scrollIntoView();
}
