/**
 * Whether a URL leaves the organisation's own network: data sent there goes to someone else (a vendor's API).
 * Knows no language; the simulator uses it to tell `third_party` HTTP sinks from internal ones.
 */

const INTERNAL_SUFFIXES = ['.local', '.localhost', '.internal', '.intranet', '.corp', '.lan', '.home', '.svc', '.cluster.local', '.consul'];

/**
 * A host outside the organisation's own network: a dotted name that is not `localhost`, a private or loopback
 * address, or an internal-only suffix (`.internal`, `.svc`, `.local`, ...). Single-label names (`crm`,
 * `payments-api`) are service names inside a cluster. A target without a scheme (`api.vendor.com/v1/x`, as
 * `api:` assets are named) is read as https.
 */
export function isExternalHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `https://${url}`).hostname.toLowerCase();
  } catch {
    return false;
  }
  if (host === '' || host === 'localhost' || !host.includes('.')) return false;
  if (INTERNAL_SUFFIXES.some((suffix) => host.endsWith(suffix))) return false;
  const ipv4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(host);
  if (ipv4) {
    const [a, b] = [Number(ipv4[1]), Number(ipv4[2])];
    if (a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return false;
  }
  if (host.startsWith('[')) return !/^\[(::1|f[cd]|fe80)/.test(host);
  return true;
}
