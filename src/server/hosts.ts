import { hostname, networkInterfaces } from 'node:os';

/** Addresses that mean "every interface". */
export function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** Whether an address is a loopback address (the default, safe binding). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function bracket(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The Host header values the server answers to: its own names with its port. A browser tricked
 * by DNS rebinding sends the attacker's host name, which is not among them, and is refused.
 * A server bound to every interface also answers to the machine's addresses and host name.
 */
export function allowedHosts(bound: string, port: number, extra: readonly string[] = []): Set<string> {
  const names = new Set<string>(['localhost', '127.0.0.1', '[::1]']);
  if (isWildcard(bound)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const info of list ?? []) names.add(bracket(info.address));
    }
    names.add(hostname().toLowerCase());
  } else names.add(bracket(bound).toLowerCase());
  for (const e of extra) names.add(bracket(e).toLowerCase());
  const out = new Set<string>();
  for (const n of names) {
    out.add(`${n}:${port}`);
    if (port === 80) out.add(n);
  }
  return out;
}
