// The runtime settings, held by inventory-service: the form shows them (an empty field is the services' start-up
// default) and saves the whole form as one merge-patch, which every service applies live.
import { owner, json } from './api.js';
import { fill, onSubmit } from './page.js';

const $ = (id) => document.getElementById(id);
const form = () => $('settings-form');

function changedBy(settings) {
  return settings.version === 0 ? 'Never changed: every setting is the default.'
    : `Version ${settings.version}, changed by ${settings.changedBy} at ${settings.changedAt}.`;
}

/** The form's values as last shown: the section's refreshes leave unsaved edits alone. */
let shown = null;
/** The version last shown, and the one this page saved: a refresh shows neither an older one nor loses "Saved." */
let shownVersion = -1;
let savedVersion = null;

function show(settings) {
  fill(form(), Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, value == null ? '' : String(value)])));
  shown = JSON.stringify(patch());
  shownVersion = settings.version;
  return `${settings.version === savedVersion ? 'Saved. ' : ''}${changedBy(settings)}`;
}

/**
 * Shows the settings as they are now, unless the operator is editing them. The section refreshes on every change the
 * page hears of, one of them this page's own save: the answer of a request sent before the save (an older version)
 * is dropped, and the save's confirmation stays until another version is shown.
 */
export async function showSettings() {
  if (shown !== null && JSON.stringify(patch()) !== shown) return;
  const settings = await owner('inventory', '/api/settings');
  if (settings.version < shownVersion) return;
  $('settings-result').textContent = show(settings);
}

/** Every field, typed as the API takes it; an empty one is null, which resets the setting to its default. */
function patch() {
  return Object.fromEntries([...form().elements].filter((field) => field.name).map((field) => {
    const value = field.value.trim();
    if (!value) return [field.name, null];
    if (field.dataset.kind === 'boolean') return [field.name, value === 'true'];
    return [field.name, field.dataset.kind === 'number' ? Number(value) : value];
  }));
}

async function save() {
  const saved = await owner('inventory', '/api/settings',
    { ...json('PATCH', patch()), headers: { 'content-type': 'application/merge-patch+json' } });
  savedVersion = saved.version;
  return show(saved);
}

export function startSettings() {
  onSubmit(form(), $('settings-result'), save);
}
