// A proxy's exit IP as the console shows it: the address its traffic leaves through (health-service's exit-IP check)
// and since when, with a "shared exit IP" warning naming the other proxies that leave through it: to the upstream they
// are one proxy (the API's /api/proxies/duplicates-by-exit-ip). Read from the live model the page holds already.
import { knownProxies, proxyName, relative } from './dashboard.js';

/** The other proxies the page knows that leave through this proxy's exit IP. */
function sharing(status) {
  return knownProxies().filter((p) => p.id !== status.id && p.exitIp === status.exitIp);
}

/** The proxy's exit IP fact; null while it is unknown (the check off, or not read yet). */
export function exitIpFact(status) {
  if (!status.exitIp) return null;
  const others = sharing(status);
  const since = `${status.exitIp} since ${relative(status.exitIpChangedAt)}`;
  return others.length ? `${since}; shared exit IP with ${others.map((p) => proxyName(p.id)).join(', ')}` : since;
}
