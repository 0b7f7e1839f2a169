import { describe, expect, it } from 'vitest';
import { AnalysisPacker, AnalysisUnpacker } from '../../web/src/worker/delta.js';
import { StudioSession } from '../../web/src/worker/session.js';
import { edit, request, tutorialFiles } from './support.js';

describe('analyses sent to the page without what it holds already', () => {
  it('unpack to the analyses packed, across edits and threads', () => {
    const session = new StudioSession();
    const packer = new AnalysisPacker();
    const unpacker = new AnalysisUnpacker();
    const first = tutorialFiles();
    const versions = [
      first,
      edit(first, 'tutorial/policy-kube-demo.yaml', 'port: 80', 'port: 81'),
      edit(first, 'tutorial/policy-kube-demo.yaml', 'kubernetes.io/metadata.name: dev1', 'name: dev1'),
      first,
    ];
    let sentItems = 0;
    for (const [i, files] of versions.entries()) {
      const result = session.analyze(request(files, { heatmap: null, lint: false }));
      const { packed, commit } = packer.pack(result);
      commit();
      // what crosses to the page is a copy: identities are lost on the way
      const received = unpacker.unpack(structuredClone(packed));
      expect(received).toEqual(result);
      const edges = packed.result.model.edges;
      if (i === 0) expect(edges?.every((e) => typeof e === 'object')).toBe(true);
      else {
        // an edit of one policy: the other edges and nodes go as indexes, the targets not at all
        expect(edges?.some((e) => typeof e === 'number')).toBe(true);
        expect(packed.result.model.nodes?.some((n) => typeof n === 'number') ?? true).toBe(true);
        expect(packed.result.targets).toBeNull();
      }
      sentItems += (edges ?? []).filter((e) => typeof e === 'object').length;
    }
    expect(sentItems).toBeGreaterThan(0);
  });

  it('an analysis packed but not sent is not referred to', () => {
    const session = new StudioSession();
    const packer = new AnalysisPacker();
    const unpacker = new AnalysisUnpacker();
    const files = tutorialFiles();
    const a = packer.pack(session.analyze(request(files, { heatmap: null, lint: false })));
    a.commit();
    unpacker.unpack(structuredClone(a.packed));
    const edited = edit(files, 'tutorial/policy-kube-demo.yaml', 'port: 80', 'port: 81');
    // packed, never sent (no commit): the next one still refers to the first
    packer.pack(session.analyze(request(edited, { heatmap: null, lint: false })));
    const third = session.analyze(request(files, { heatmap: null, lint: false }));
    const c = packer.pack(third);
    expect(c.packed.against).toBe(a.packed.serial);
    expect(unpacker.unpack(structuredClone(c.packed))).toEqual(third);
  });

  it('refuses an analysis that refers to one the page did not receive', () => {
    const session = new StudioSession();
    const packer = new AnalysisPacker();
    const files = tutorialFiles();
    packer.pack(session.analyze(request(files, { heatmap: null, lint: false }))).commit();
    const b = packer.pack(session.analyze(request(files, { heatmap: null, lint: false })));
    expect(() => new AnalysisUnpacker().unpack(structuredClone(b.packed))).toThrow(/refers to analysis 1/);
  });
});
