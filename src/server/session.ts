import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The studio's per-launch secret, as notebook and editor servers have it: `serve` prints a URL
 * carrying a random token, the page trades the token for an HttpOnly, SameSite=Strict cookie
 * (POST /api/session), and every other /api/* request must carry that cookie. Other users of the
 * machine can reach the loopback port, but not the token.
 */

/** A new random token: 256 bits, URL-safe. */
export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The cookie's name. Browsers send a cookie to every port of a host, so each studio names its
 * own after its port: two studios on one machine keep their sessions apart.
 */
export function sessionCookieName(port: number): string {
  return `kubereach-session-${port}`;
}

/** The Set-Cookie value that holds the session (no Max-Age: it ends with the browser session). */
export function sessionCookie(port: number, token: string): string {
  return `${sessionCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** Whether two secrets are equal, in time that does not depend on where they differ. */
export function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The value of cookie `name` in a Cookie header, if present. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether the request carries the session cookie of the studio on `port`. */
export function hasSession(req: IncomingMessage, port: number, token: string): boolean {
  return sameSecret(readCookie(req.headers.cookie, sessionCookieName(port)), token);
}

/**
 * Whether a browser marked the request as coming from another site. `same-site` counts too: a
 * page on another port of the same host is the same site, and it must not make the studio work
 * (it cannot read the answer, but the server would still build it). Requests without the header
 * (older browsers, command-line clients) are judged by the token alone.
 */
export function isCrossSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site';
}
