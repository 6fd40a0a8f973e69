// One proxy in full: what the status shows of it, its health log's latency over the last probes (health-service),
// its notes, labels and VPS to edit (inventory-service, which records the change with the token's name), the accounts
// (assignment-service) and keys bound to it, and its latest audit entries, drawn as the Activity section draws them.
import { owner, json } from './api.js';
import { knownProxy, proxyName, relative } from './dashboard.js';
import { auditRow, openActivity } from './activity.js';
import { vpsHosts } from './vps.js';
import { exhaustion } from './keys.js';
import { exitIpFact } from './exit-ip.js';
import { showExitIpLimit, startExitIpLimit } from './exit-ip-limit.js';
import { exitCountryFact } from './location-check.js';
import { attempt, count, fieldValues, offer, onSubmit, rowOf } from './page.js';

const $ = (id) => document.getElementById(id);
const inventory = (path, options) => owner('inventory', path, options);
/** Audit entries shown here; "Whole history" opens all of them. */
const HISTORY = 10;
const SVG = 'http://www.w3.org/2000/svg';
/** The proxy the section shows. */
let proxyId = null;

/** Shows the detail section for this proxy. */
export function openDetail(id) {
  proxyId = id;
  $('detail-result').textContent = '';
  if (location.hash === '#detail') {
    attempt(showDetail);
  } else {
    location.hash = '#detail';
  }
}

/** health-service answers 404 until the proxy's first probe: no health yet, not an error. */
async function health() {
  try {
    return await owner('health', `/api/health/proxies/${proxyId}?source=probe`);
  } catch (e) {
    if (/not been probed/.test(e.message)) return null;
    throw e;
  }
}

export async function showDetail() {
  if (proxyId === null) return;
  const [stored, probed, accounts, audit, hosts] = await Promise.all([inventory(`/api/proxies/${proxyId}`), health(),
    owner('assignment', `/api/assignments?proxyId=${proxyId}`),
    inventory(`/api/audit?entity=proxy&id=${proxyId}&size=${HISTORY}`), vpsHosts()]);
  const status = knownProxy(proxyId) || {};
  $('detail-title').textContent = `Proxy ${proxyName(proxyId)}`;
  facts(stored, status, probed, hosts);
  sparkline(probed ? probed.log : []);
  await showExitIpLimit(status);
  if (!$('detail-form').contains(document.activeElement)) { // a reload while the operator types keeps the typing
    offer($('detail-vps'), 'none', hosts.map((h) => [h.name, String(h.id)]));
    $('detail-labels').value = (stored.labels || []).join(', ');
    $('detail-vps').value = stored.vpsId ?? '';
    $('detail-notes').value = stored.notes || '';
  }
  const vpsName = (id) => hosts.find((h) => h.id === id)?.name;
  document.querySelector('#detail-accounts tbody').replaceChildren(
    ...accounts.map((a) => rowOf([a.accountId, a.modelId, vpsName(a.vpsId)])));
  document.querySelector('#detail-keys tbody').replaceChildren(
    ...(status.apiKeys || []).map((k) => rowOf([k.name, k.pool, exhaustion(k)])));
  document.querySelector('#detail-history tbody').replaceChildren(...audit.items.map(auditRow));
}

function facts(stored, status, probed, hosts) {
  const state = stored.enabled ? (probed?.state || 'unknown')
    : `disabled${stored.disabledReason ? ` (${stored.disabledReason})` : ''}`;
  const rate = probed?.useSuccessRate == null ? '' : `, ${Math.round(100 * probed.useSuccessRate)} % succeeded`;
  const list = [
    ['State', state],
    ['Score', probed?.score],
    ['Consecutive failures', probed?.consecutiveFailures],
    ['Last error', probed?.error || 'none'],
    ['Last check', relative(probed?.lastCheckAt)],
    ['Exit IP', exitIpFact(status)],
    ['Exit country', exitCountryFact(status)],
    ['Uses reported', probed && `${probed.uses}${rate}`],
    ['Provider', status.provider],
    ['VPS', hosts.find((h) => h.id === stored.vpsId)?.name],
    ['Location', stored.location],
    ['Priority', stored.priority],
    ['Accounts', status.maxAccounts && `${status.accounts}/${status.maxAccounts}${status.modelId ? ` ${status.modelId}` : ''}`],
    ['Keys', status.maxKeys != null && `${status.keys}/${status.maxKeys}`],
  ];
  $('detail-facts').replaceChildren(...list.flatMap(([name, value]) => {
    const dd = Object.assign(document.createElement('dd'), { textContent: value === undefined || value === null || value === false ? '–' : String(value) });
    dd.dataset.fact = name;
    return [Object.assign(document.createElement('dt'), { textContent: name }), dd];
  }));
}

/**
 * The latency of the probes in the log (newest first), oldest on the left; a failed probe, which has no latency,
 * is a red mark on the baseline. The figure's caption says what the line shows, for those who cannot see it.
 */
function sparkline(log) {
  const probes = [...log].reverse();
  const svg = $('detail-sparkline');
  const latencies = probes.map((p) => p.latencyMs).filter((l) => l != null);
  const top = Math.max(1, ...latencies);
  const x = (i) => (probes.length < 2 ? 150 : 3 + (294 * i) / (probes.length - 1)); // a mark at either end stays whole
  const y = (latency) => 58 - (54 * latency) / top;
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', probes.map((p, i) => (p.latencyMs == null ? null : `${x(i)},${y(p.latencyMs)}`))
    .filter(Boolean).join(' '));
  line.setAttribute('class', 'latency');
  // a dot per probe, so that a single one shows too; a failed one red on the baseline
  const marks = probes.map((p, i) => {
    const mark = document.createElementNS(SVG, 'circle');
    Object.entries({ cx: x(i), cy: p.latencyMs == null ? 56 : y(p.latencyMs), r: p.latencyMs == null ? 2 : 1.2,
      class: p.latencyMs == null ? 'failure' : 'probe' }).forEach(([k, v]) => mark.setAttribute(k, v));
    return mark;
  });
  svg.replaceChildren(line, ...marks);
  svg.dataset.probes = probes.length;
  const failed = probes.length - latencies.length;
  const least = Math.min(...latencies);
  svg.setAttribute('aria-label', `latency of the last ${probes.length} probes`);
  $('detail-chart-caption').textContent = probes.length === 0 ? 'Not probed yet.'
    : `${count(probes.length, 'probe')}: `
      + `${latencies.length ? `${least === top ? top : `${least}–${top}`} ms` : 'no answer'}`
      + `${failed ? `, ${failed} failed` : ''}; newest on the right.`;
}

/** PATCH (merge-patch) of only what the form edits; labels comma-separated, an empty VPS or notes clears them. */
async function save() {
  const form = fieldValues($('detail-form'));
  const saved = await inventory(`/api/proxies/${proxyId}`, {
    ...json('PATCH', {
      labels: (form.labels || '').split(',').map((l) => l.trim()).filter(Boolean),
      vpsId: form.vpsId && Number(form.vpsId),
      notes: form.notes,
    }),
    headers: { 'content-type': 'application/merge-patch+json' },
  });
  document.activeElement.blur(); // the form shows what was stored, not what was typed
  await showDetail();
  return `Saved ${saved.host}:${saved.port}.`;
}

export function startDetail() {
  onSubmit($('detail-form'), $('detail-result'), save);
  $('detail-all-history').addEventListener('click', () => openActivity(proxyId));
  startExitIpLimit();
}
