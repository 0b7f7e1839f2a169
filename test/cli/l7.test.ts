/**
 * L7 honesty: a connection a Cilium `http` rule governs is allowed at L4 and never claimed
 * beyond that: `check -o json` says `"decidable": false` and the text names what decides each
 * request at run time.
 */
import { describe, expect, it } from 'vitest';
import { run } from '../helpers/cli.js';

const fixture = 'test/fixtures/cilium-l7';

describe('check under an L7 rule', () => {
  it('-o json: allowed at L4, decidable false', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', fixture, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.allowed).toBe(true);
    expect(doc.decidable).toBe(false);
    expect(doc.ingress.explanation).toBeDefined();
  });

  it('text: names the L7 rule that judges each request', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', fixture]);
    expect(r.stdout).toContain('an L7 rule (http: GET /public) allows this at L4 only');
  });

  it('a port the L7 rule does not cover is decidable', async () => {
    const r = await run(['check', 'dev1/demo1', 'dev2/demo2', '--port', '8080', fixture, '-o', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.allowed).toBe(false);
    expect(doc.decidable).toBe(true);
  });
});
