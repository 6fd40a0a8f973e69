// Entry point: one page, sections chosen by the URL's hash.
import { startDashboard } from './dashboard.js';
import { startOperations, showProviders, showModels } from './ops.js';

const SECTIONS = ['dashboard', 'import', 'add', 'providers', 'models'];
const LOADERS = { providers: showProviders, models: showModels };

function route() {
  const wanted = SECTIONS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'dashboard';
  SECTIONS.forEach((id) => { document.getElementById(id).hidden = id !== wanted; });
  if (LOADERS[wanted]) LOADERS[wanted]();
}

window.addEventListener('hashchange', route);
route();
startDashboard();
startOperations();
