// The location check as the console shows it: the country a proxy's exit IP is in (status-service's GeoIP database)
// against the one its location names, a mismatch flagged in the proxy list and in the details (the API's
// /api/proxies/location-mismatches). Without a database the check is off, and the details say so rather than show
// nothing, which would read as "no mismatch". Read from the live model the page holds already.
import { fleetSummary } from './dashboard.js';
import { cell } from './page.js';

/** The proxy's exit-country fact for the details; null while its exit country is unknown. */
export function exitCountryFact(status) {
  if (fleetSummary()?.locationCheck === false) return 'Location check off: no GeoIP database configured';
  if (!status.exitCountry) return null;
  if (status.locationMismatch) return `${status.exitCountry}: location mismatch, the location names another country`;
  return status.locationMismatch === false ? `${status.exitCountry}, as the location says` : status.exitCountry;
}

/** The proxy list's location cell, flagged when the proxy leaves through another country than it names. */
export function locationCell(p) {
  const td = cell(p.location || '–');
  if (p.locationMismatch) {
    const flag = Object.assign(document.createElement('span'), { className: 'badge mismatch', textContent: 'mismatch' });
    flag.title = `exit IP in ${p.exitCountry}`;
    td.append(' ', flag);
  }
  return td;
}
