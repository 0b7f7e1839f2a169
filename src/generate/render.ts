import { Document, isMap, isSeq, type Node } from 'yaml';
import type { GeneratedPolicy } from './types.js';

/** The generated policies as readable YAML, one document each, with their comments. */
export function renderPolicies(policies: readonly GeneratedPolicy[], header?: string): string {
  const docs = policies.map((p) => {
    const doc = new Document(p.value);
    if (doc.contents !== null) (doc.contents as Node).commentBefore = commentText(p.comment);
    for (const dir of ['ingress', 'egress'] as const) {
      const seq = doc.getIn(['spec', dir], true) as Node | undefined;
      if (!isSeq(seq)) continue;
      seq.items.forEach((item, i) => {
        const comment = p.ruleComments[dir][i];
        if (comment !== undefined && isMap(item)) (item as Node).commentBefore = commentText(comment);
      });
    }
    return doc.toString({ indentSeq: true, lineWidth: 0 });
  });
  const top =
    header === undefined
      ? ''
      : `${header
          .split('\n')
          .map((l) => `# ${l}`.trimEnd())
          .join('\n')}\n`;
  return top + docs.join('---\n');
}

/** Comment text for the yaml library: each line after `#` starts with a space. */
function commentText(text: string): string {
  return text
    .split('\n')
    .map((l) => ` ${l}`)
    .join('\n');
}
