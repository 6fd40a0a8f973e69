// Entry point: one page, sections chosen by the URL's hash.
import { startDashboard } from './dashboard.js';
import { startOperations, showProviders, showModels, say } from './ops.js';
import { token, useToken } from './api.js';

const SECTIONS = ['dashboard', 'import', 'add', 'providers', 'models'];
const LOADERS = { providers: showProviders, models: showModels };

function route() {
  const wanted = SECTIONS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'dashboard';
  SECTIONS.forEach((id) => { document.getElementById(id).hidden = id !== wanted; });
  if (LOADERS[wanted]) LOADERS[wanted]().catch((e) => say(`Failed: ${e.message}`));
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
  route();
});
showTokenState();

window.addEventListener('hashchange', route);
route();
startDashboard();
startOperations();
