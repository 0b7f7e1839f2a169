import ipaddr from 'ipaddr.js';

/** Address families, each its own number line. */
export type IpFamily = 'v4' | 'v6';

export const V4_MAX = (1n << 32n) - 1n;
export const V6_MAX = (1n << 128n) - 1n;

/** A parsed address: family and its position on that family's line. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** A parsed CIDR; `canonical` is false when host bits are set (`10.0.0.1/24`). */
export interface Cidr {
  readonly family: IpFamily;
  readonly base: bigint;
  readonly prefix: number;
  readonly first: bigint;
  readonly last: bigint;
  readonly canonical: boolean;
  /** True when read with `legacy` and written with leading zeros (`010.0.0.0/08`). */
  readonly leadingZeros?: boolean;
}

/**
 * Parses an address the way Go's `netip.ParseAddr` accepts it: dotted-quad IPv4 without leading
 * zeros, or IPv6 (no zone). Returns undefined for anything else.
 */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes('%')) return undefined;
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return undefined;
    const parts = ipaddr.IPv6.parse(text).parts;
    let value = 0n;
    for (const p of parts) value = (value << 16n) | BigInt(p);
    return { family: 'v6', value };
  }
  const value = parseIpv4(text);
  return value < 0 ? undefined : { family: 'v4', value: BigInt(value) };
}

/**
 * A dotted quad's value, or -1: four decimal octets of at most three digits, no leading zeros,
 * each at most 255. A loop over the characters: every pod IP goes through it.
 */
function parseIpv4(text: string): number {
  let value = 0;
  let octets = 0;
  let i = 0;
  while (octets < 4) {
    const start = i;
    let n = 0;
    for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) n = n * 10 + (c - 48);
    const digits = i - start;
    if (digits === 0 || digits > 3 || (digits > 1 && text.charCodeAt(start) === 48) || n > 255) return -1;
    value = value * 256 + n;
    octets++;
    if (octets < 4) {
      if (text.charCodeAt(i) !== 46) return -1;
      i++;
    }
  }
  return i === text.length ? value : -1;
}

const DOTTED_QUAD =
  /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

/** Whether `text` is an address `parseIp` accepts, without building it (cheap for IPv4). */
export function isValidIp(text: string): boolean {
  return DOTTED_QUAD.test(text) || (text.includes(':') && parseIp(text) !== undefined);
}

/**
 * Parses `addr/prefix` as Go's `net.ParseCIDR` does (host bits allowed, reported as
 * non-canonical). With `legacy`, also as `netutils.ParseCIDRSloppy` does for the API fields that
 * predate strict IP validation (IsValidCIDRForLegacyField, ipBlock among them): IPv4 octets and
 * the prefix length may have leading zeros, read as decimal.
 */
export function parseCidr(text: string, options: { readonly legacy?: boolean } = {}): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  let addrText = text.slice(0, slash);
  let prefixText = text.slice(slash + 1);
  let leadingZeros = false;
  if (options.legacy === true) {
    const unpadded = stripLeadingZeros(addrText, prefixText);
    if (unpadded !== undefined) {
      leadingZeros = unpadded.addr !== addrText || unpadded.prefix !== prefixText;
      addrText = unpadded.addr;
      prefixText = unpadded.prefix;
    }
  }
  const addr = parseIp(addrText);
  if (addr === undefined || !/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const bits = addr.family === 'v4' ? 32 : 128;
  if (prefix > bits) return undefined;
  const hostBits = BigInt(bits - prefix);
  const hostMask = (1n << hostBits) - 1n;
  const first = addr.value & ~hostMask & familyMax(addr.family);
  return {
    family: addr.family,
    base: addr.value,
    prefix,
    first,
    last: first | hostMask,
    canonical: first === addr.value,
    ...(leadingZeros ? { leadingZeros } : {}),
  };
}

/** Drops leading zeros from decimal IPv4 octets and the prefix length (`010.0.0.0/08`). */
function stripLeadingZeros(addr: string, prefix: string): { addr: string; prefix: string } | undefined {
  const unpad = (n: string) => (/^[0-9]+$/.test(n) ? String(Number(n)) : n);
  if (!/^[0-9]{1,10}$/.test(prefix)) return undefined;
  const octets = addr.split('.');
  const v4 = octets.length === 4 && octets.every((o) => /^[0-9]{1,10}$/.test(o));
  return { addr: v4 ? octets.map(unpad).join('.') : addr, prefix: unpad(prefix) };
}

function familyMax(family: IpFamily): bigint {
  return family === 'v4' ? V4_MAX : V6_MAX;
}

/** The canonical spelling of a CIDR (host bits cleared). */
export function formatCidr(cidr: Cidr): string {
  return `${formatIp({ family: cidr.family, value: cidr.first })}/${cidr.prefix}`;
}

export function formatIp(ip: IpAddress): string {
  if (ip.family === 'v4') {
    const v = ip.value;
    return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
  }
  const parts: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) parts.push(Number((ip.value >> s) & 0xffffn));
  return new ipaddr.IPv6(parts).toRFC5952String();
}
