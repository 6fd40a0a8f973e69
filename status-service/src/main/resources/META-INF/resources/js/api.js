// Calls to this service and to the services that own the data (their URLs come from /api/ui/config).

let config = null;

/** The service URLs, loaded once. */
export async function services() {
  if (!config) {
    config = await request('', '/api/ui/config');
  }
  return config;
}

/** fetch + JSON; a problem+json answer becomes an Error with its detail. */
export async function request(base, path, options = {}) {
  const response = await fetch(base + path, options);
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && body.detail ? body.detail : `${response.status} ${response.statusText}`;
    throw new Error(detail);
  }
  return body;
}

export function json(method, value) {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** Calls inventory-service (8081 by default). */
export async function inventory(path, options) {
  return request((await services()).inventoryUrl, path, options);
}

/** Calls health-service (8083 by default). */
export async function health(path, options) {
  return request((await services()).healthUrl, path, options);
}
