/**
 * `ruleParties` under Cilium: the parties a rule's peers match, as the pods the rule applies to
 * see them. A hostNetwork pod has its node's identity: `host` to the pods on its node,
 * `remote-node` to the others (the bitsets the profiles use see it as `remote-node` and answer
 * same-node pairs apart; the party listing must not). w/h is a hostNetwork pod on n2, with w/p2;
 * w/p1 runs on n1.
 */
import { describe, expect, it } from 'vitest';
import { computeReachability } from '../../src/engine/reachability.js';
import { CILIUM_EXTRA, cnp, spec } from '../support/cilium.js';
import { compile, e2eManifest, endpointOf } from '../support/cluster.js';

/** Whether the first rule of the policy lists the class of w/h among its parties. */
function listsHostPod(selector: string, section: string): boolean {
  const compiled = compile([e2eManifest(), CILIUM_EXTRA, cnp('w', 'p', spec(selector, section))], 'cilium');
  const reach = computeReachability(compiled);
  const rule = compiled.rules.find((r) => r.dialect === 'cilium');
  if (rule === undefined) throw new Error('no Cilium rule compiled');
  const h = reach.classOf(endpointOf(compiled.cluster, 'w/h'));
  return reach.ruleParties(rule).includes(h);
}

describe('ruleParties: node entities follow the subject pods’ nodes', () => {
  it.each(
    [
      // subject w/p2 shares n2 with w/h: w/h is its host
      { subject: 'p2', entity: 'host', lists: true },
      { subject: 'p2', entity: 'remote-node', lists: false },
      // subject w/p1 on n1: w/h is a remote node
      { subject: 'p1', entity: 'host', lists: false },
      { subject: 'p1', entity: 'remote-node', lists: true },
    ].map((c) => ({
      ...c,
      name: `subject w/${c.subject}, entity ${c.entity}: w/h ${c.lists ? 'listed' : 'not listed'}`,
    })),
  )('$name', ({ subject, entity, lists }) => {
    const selector = `{matchLabels: {pod: ${subject}}}`;
    expect(listsHostPod(selector, `egress: [{toEntities: [${entity}]}]`)).toBe(lists);
    expect(listsHostPod(selector, `ingress: [{fromEntities: [${entity}]}]`)).toBe(lists);
  });

  it('a subject on both nodes sees w/h both ways', () => {
    expect(listsHostPod('{}', 'egress: [{toEntities: [host]}]')).toBe(true);
    expect(listsHostPod('{}', 'egress: [{toEntities: [remote-node]}]')).toBe(true);
  });

  it('other peers of the rule keep their parties', () => {
    const compiled = compile(
      [
        e2eManifest(),
        CILIUM_EXTRA,
        cnp('w', 'p', spec('{matchLabels: {pod: p2}}', 'egress: [{toEntities: [remote-node, world]}]')),
      ],
      'cilium',
    );
    const reach = computeReachability(compiled);
    const rule = compiled.rules.find((r) => r.dialect === 'cilium')!;
    const parties = reach.ruleParties(rule);
    expect(parties).not.toContain(reach.classOf(endpointOf(compiled.cluster, 'w/h')));
    expect(parties).toContain(reach.externalParty(0));
  });
});
