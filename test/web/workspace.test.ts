import { describe, expect, it } from 'vitest';
import {
  appendDocument,
  downloadName,
  markSaved,
  modifiedFiles,
  parseWorkspace,
  serializeWorkspace,
  togglePolicy,
  type Workspace,
  withText,
  workspaceYaml,
} from '../../web/src/workspace/workspace.js';

const ws: Workspace = {
  files: [
    { name: 'a.yaml', text: 'kind: A\n', saved: 'kind: A\n', writable: true },
    { name: 'b.yaml', text: 'kind: B', saved: null, writable: false },
  ],
  disabled: [],
};

describe('workspace', () => {
  it.each([
    ['', 'kind: X\n', 'kind: X\n'],
    ['kind: A\n', 'kind: X\n', 'kind: A\n---\nkind: X\n'],
    ['kind: A', 'kind: X', 'kind: A\n---\nkind: X\n'],
    ['# only a comment\n', 'kind: X\n', '# only a comment\n---\nkind: X\n'],
  ])('appends to %j', (text, doc, out) => {
    expect(appendDocument(text, doc)).toBe(out);
  });

  it('tracks edits against the saved text', () => {
    expect(modifiedFiles(ws).map((f) => f.name)).toEqual(['b.yaml']);
    const edited = withText(ws, 'a.yaml', 'kind: C\n');
    expect(modifiedFiles(edited).map((f) => f.name)).toEqual(['a.yaml', 'b.yaml']);
    expect(modifiedFiles(markSaved(edited, ['a.yaml'])).map((f) => f.name)).toEqual(['b.yaml']);
  });

  it('switches policies off and on', () => {
    const off = togglePolicy(togglePolicy(ws, 'ns/p', false), 'ns/q', false);
    expect(off.disabled).toEqual(['ns/p', 'ns/q']);
    expect(togglePolicy(off, 'ns/p', true).disabled).toEqual(['ns/q']);
  });

  it('round-trips a shared workspace; its files are not writable', () => {
    const text = serializeWorkspace(togglePolicy(ws, 'ns/p', false));
    const back = parseWorkspace(text);
    expect(back).toEqual({
      ok: true,
      workspace: {
        files: [
          { name: 'a.yaml', text: 'kind: A\n', saved: null, writable: false },
          { name: 'b.yaml', text: 'kind: B', saved: null, writable: false },
        ],
        disabled: ['ns/p'],
      },
    });
  });

  it.each([
    ['not json', 'not JSON'],
    ['[]', 'not a workspace'],
    ['{"apiVersion":"v1","kind":"List"}', 'expected apiVersion'],
    ['{"apiVersion":"kubereach/v1","kind":"StudioWorkspace"}', 'no files'],
    ['{"apiVersion":"kubereach/v1","kind":"StudioWorkspace","files":[{"name":1}]}', 'name and a text'],
    [
      '{"apiVersion":"kubereach/v1","kind":"StudioWorkspace","files":[{"name":"a","text":""},{"name":"a","text":""}]}',
      'twice',
    ],
  ])('refuses %s', (text, message) => {
    const r = parseWorkspace(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(message);
  });

  it('joins every file into one YAML stream', () => {
    expect(workspaceYaml(ws)).toBe('# Source: a.yaml\nkind: A\n---\n# Source: b.yaml\nkind: B\n');
  });

  it.each([
    ['examples/tutorial/pods.yaml', 'pods.yaml'],
    ['C:\\k8s\\x y.yaml', 'x_y.yaml'],
    ['<img src=x>.yaml', '_img_src_x_.yaml'],
  ])('downloads %j as %j', (name, out) => {
    expect(downloadName(name)).toBe(out);
  });
});
