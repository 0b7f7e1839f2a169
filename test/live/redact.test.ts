/**
 * What an API server (or a proxy in front of it) answers in an error is printed as its status
 * and the Status `message` only, with anything credential-looking taken out: a server that echoes
 * the request's Authorization header must not get the token printed on stderr.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactCredentials } from '../../src/live/errors.js';
import { run } from '../helpers/cli.js';
import { scratchDir, writeKubeconfig } from './support.js';

const SECRET = 'sk-echoed-7c1f0a9e5b2d4c6e8f0a1b3c5d7e9f11';
const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJqYW5lIn0.c2lnbmF0dXJlLXBhcnQ';

describe('redactCredentials', () => {
  it.each([
    [`Authorization: Bearer ${SECRET}`, 'Authorization: [redacted]'],
    [`{"authorization":["Bearer ${SECRET}"]}`, '{"authorization":["[redacted]"]}'],
    [`got header Proxy-Authorization=Basic ${SECRET}; refusing`, 'Proxy-Authorization=[redacted]; refusing'],
    [`invalid bearer ${SECRET} presented`, 'invalid bearer [redacted] presented'],
    [`token ${JWT} expired`, 'token [redacted] expired'],
    [`token=${SECRET}&x=1`, 'token=[redacted]&x=1'],
    [`"id-token": "${SECRET}"`, '"id-token": "[redacted]"'],
    [`password: ${SECRET}`, 'password: [redacted]'],
    [`client-key-data: ${SECRET}`, 'client-key-data: [redacted]'],
    [`dial https://admin:${SECRET}@10.0.0.1:6443 failed`, 'dial https://[redacted]@10.0.0.1:6443 failed'],
  ])('%s', (text, expected) => {
    const out = redactCredentials(text);
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(JWT);
    expect(out).toContain(expected);
  });

  it.each([
    'pods is forbidden: User "jane" cannot list resource "pods" in API group "" at the cluster scope',
    'etcdserver: request timed out',
    'the server could not find the requested resource',
  ])('leaves an ordinary message alone: %s', (text) => {
    expect(redactCredentials(text)).toBe(text);
  });
});

describe('an API server that echoes the request headers in its errors', () => {
  let echo: Server;
  let scratch: ReturnType<typeof scratchDir>;
  let kubeconfig: string;

  beforeAll(async () => {
    echo = createServer((req, res) => {
      const body = JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        status: 'Failure',
        message: `proxy error: upstream refused request with Authorization: ${req.headers.authorization}`,
        reason: 'InternalError',
        details: { causes: [{ message: `headers: ${JSON.stringify(req.headers)}` }] },
        code: 500,
      });
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(body);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    scratch = scratchDir();
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}`;
    kubeconfig = writeKubeconfig(scratch.dir, [{ name: 'echo', server: url, token: SECRET }], 'echo');
  });
  afterAll(async () => {
    await new Promise((resolve) => echo.close(resolve));
    scratch.remove();
  });

  it('prints the status and the message, never the token', async () => {
    const r = await run(['matrix', '--kubeconfig', kubeconfig]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('500 Internal Server Error');
    expect(r.stderr).toContain('proxy error: upstream refused request with Authorization: [redacted]');
    expect(r.stderr).not.toContain(SECRET);
    expect(r.stderr).not.toContain('causes');
    expect(r.stdout).not.toContain(SECRET);
  });
});
