// The fleet's capacity as assignment-service counts it (per model: usable and stranded slots, accounts waiting), and
// the consolidation an operator makes: first proposed (a dry run, which moves nothing), then, after a confirmation
// naming the accounts whose proxy (and so IP) changes, made in one request while a bar says it is under way.
import { owner } from './api.js';
import { confirmThen, count, rowOf } from './page.js';
import { proxyName } from './dashboard.js';

const $ = (id) => document.getElementById(id);
const consolidate = (dryRun) => owner('assignment', `/api/capacity/consolidate?dryRun=${dryRun}`, { method: 'POST' });
/** The last proposal with moves: what the confirmation names, and what Consolidate… is offered for. */
let proposal = null;

export async function showCapacity() {
  const capacity = await owner('assignment', '/api/capacity');
  $('capacity-summary').textContent = `${capacity.freeSlots} free slots, ${capacity.emptySlots} of them on `
    + `${capacity.emptyProxies} empty proxies; ${capacity.strandedSlots} stranded (on proxies of one model while `
    + 'another waits).';
  $('capacity-table').tBodies[0].replaceChildren(...capacity.models.map((m) => rowOf([m.modelId, m.proxies,
    m.accounts, m.waiting, m.usable, m.stranded])));
}

function movesOf(outcome) {
  return outcome.freed.flatMap((proxy) => proxy.moves.map((move) => ({ ...move, forModelId: proxy.forModelId })));
}

function showMoves(moves) {
  $('consolidate-table').tBodies[0].replaceChildren(...moves.map((m) => rowOf([m.accountId, proxyName(m.fromProxyId),
    proxyName(m.toProxyId), m.forModelId])));
}

/** Runs one consolidation request with the bar shown; a refusal (409: the fleet changed) is said in place. */
async function underWay(text, action) {
  $('consolidate-summary').textContent = text;
  $('consolidate-progress').hidden = false;
  try {
    return await action();
  } catch (e) {
    $('consolidate-summary').textContent = `Not consolidated: ${e.message}`;
    return null;
  } finally {
    $('consolidate-progress').hidden = true;
  }
}

async function propose() {
  const outcome = await underWay('Proposing…', () => consolidate(true));
  if (!outcome) return;
  const moves = movesOf(outcome);
  proposal = moves.length ? outcome : null;
  $('consolidate-apply').disabled = !proposal;
  showMoves(moves);
  $('consolidate-summary').textContent = moves.length
    ? `${count(moves.length, 'move frees', 'moves free')} ${count(outcome.freed.length, 'proxy', 'proxies')} `
      + 'for waiting models.'
    : 'Nothing to consolidate: no move would free a proxy for a waiting model.';
}

function confirmApply(afterwards) {
  const accounts = movesOf(proposal).map((m) => m.accountId);
  confirmThen(`Move ${count(accounts.length, 'account')} (${accounts.join(', ')}) `
    + 'to other proxies of their model? Each one\'s IP changes. The fleet is planned again as it is now.',
  'Consolidate', async () => {
    $('consolidate-apply').disabled = true;
    proposal = null;
    const outcome = await underWay(`Consolidating, ${accounts.length} moves…`, () => consolidate(false));
    if (!outcome) return;
    showMoves(movesOf(outcome));
    $('consolidate-summary').textContent = `Moved ${count(outcome.moves, 'account')}; `
      + `${count(outcome.assigned, 'waiting account took', 'waiting accounts took')} the freed proxies.`;
    afterwards();
  });
}

export function startCapacity(afterwards) {
  $('consolidate-plan').addEventListener('click', propose);
  $('consolidate-apply').addEventListener('click', () => confirmApply(afterwards));
}
