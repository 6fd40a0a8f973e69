// Calls to this service and to the services that own the data (their URLs come from /api/ui/config).

let config = null;

/** The service URLs, loaded once. */
export async function services() {
  if (!config) {
    config = await request('', '/api/ui/config');
  }
  return config;
}

const TOKEN_KEY = 'fleet-api-token';

/** The API token the operator entered (kept for this browser tab only). */
export function token() {
  return sessionStorage.getItem(TOKEN_KEY) || '';
}

export function useToken(value) {
  if (value) {
    sessionStorage.setItem(TOKEN_KEY, value);
  } else {
    sessionStorage.removeItem(TOKEN_KEY);
  }
  window.dispatchEvent(new Event('fleet-token'));
}

/** fetch with the API token; the raw response. 401/403 become an Error that says what to do. */
export async function send(base, path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (token()) {
    headers.authorization = `Bearer ${token()}`;
  }
  let response;
  try {
    response = await fetch(base + path, { ...options, headers });
  } catch (unreachable) {
    // fetch says only "Failed to fetch": the service is down, or does not allow this page's origin (CORS)
    throw new Error(`no answer from ${base || 'this service'}: is it running, and does it allow this page (CORS)?`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new Error(response.status === 401
      ? 'this needs an API token: enter one at the top of the page'
      : 'the API token\'s role does not allow this (operations need operator)');
  }
  return response;
}

/** send + JSON; a problem+json answer becomes an Error with its detail and its field errors (errors: [{field, message}]). */
export async function request(base, path, options = {}) {
  const response = await send(base, path, options);
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : `${response.status} ${response.statusText}`;
    throw Object.assign(new Error(detail), { errors: (body && body.errors) || [] });
  }
  return body;
}

export function json(method, value) {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** Calls the service that owns the data: 'inventory' (8081 by default), 'assignment' (8082) or 'health' (8083). */
export async function owner(service, path, options) {
  return request((await services())[`${service}Url`], path, options);
}
