// Entry point: one page, sections chosen by the URL's hash.
import { startDashboard } from './dashboard.js';
import { startOperations } from './ops.js';
import { startProviders, loadProviders, showProviders } from './providers.js';
import { startAssignments, showAssignments } from './assignments.js';
import { startKeys, showKeys } from './keys.js';
import { startSettings, showSettings } from './settings.js';
import { startActivity, showActivity } from './activity.js';
import { startDetail, showDetail } from './detail.js';
import { startVps, showVps } from './vps.js';
import { startProxyList, showProxyList } from './proxy-list.js';
import { startBulkEdit } from './bulk-edit.js';
import { attempt } from './page.js';
import { token, useToken } from './api.js';

const SECTIONS = ['dashboard', 'list', 'import', 'add', 'keys', 'detail', 'providers', 'vps', 'models', 'activity',
  'settings'];
const LOADERS = { list: showProxyList, providers: showProviders, models: showAssignments, keys: showKeys,
  detail: showDetail, vps: showVps, activity: showActivity, settings: showSettings };
/** A report view open while the fleet changes is reloaded at most this often. */
const REFRESH_MS = 2000;
let shown = 'dashboard';
let refreshTimer = null;

function load() {
  if (LOADERS[shown]) attempt(LOADERS[shown]);
}

function route() {
  shown = SECTIONS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'dashboard';
  SECTIONS.forEach((id) => { document.getElementById(id).hidden = id !== shown; });
  load();
}

function refreshSoon() {
  if (LOADERS[shown] && !refreshTimer) {
    refreshTimer = setTimeout(() => { refreshTimer = null; load(); }, REFRESH_MS);
  }
}

/** After every snapshot and delta: the forms' provider choices at once when providers may have changed, the open view soon. */
function fleetChanged(providers) {
  if (providers) loadProviders().catch(() => {}); // without a token they stay empty
  refreshSoon();
}

function showTokenState() {
  document.getElementById('token-state').textContent = token() ? 'token set' : 'no token: status only';
}

document.getElementById('token-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const field = document.getElementById('token');
  useToken(field.value.trim());
  field.value = '';
  showTokenState();
  loadProviders().catch(() => {}); // the forms' provider choices; without a token they stay empty
  route();
});
showTokenState();

window.addEventListener('hashchange', route);
route();
startDashboard(fleetChanged);
startOperations();
startProviders();
startAssignments();
startKeys();
startActivity();
startDetail();
startVps();
startSettings();
startProxyList();
startBulkEdit();
