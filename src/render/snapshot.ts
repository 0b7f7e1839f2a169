import { DUMP_SCHEMA, dump } from 'js-yaml';

/** Formats a snapshot is written in. */
export type SnapshotFormat = 'yaml' | 'json';

/**
 * Writes a `kind: List` of objects as YAML or JSON, so that reading it back gives the same
 * objects. YAML strings that YAML 1.1 would read as something else (`on`, `y`, `0x1F`, dates)
 * are quoted. `comment` lines head the YAML (JSON has no comments).
 */
export function renderSnapshot(
  list: Readonly<Record<string, unknown>>,
  format: SnapshotFormat,
  comment: readonly string[] = [],
): string {
  if (format === 'json') return `${JSON.stringify(list, null, 2)}\n`;
  const head = comment.map((line) => `# ${line}\n`).join('');
  return `${head}${dump(list, { schema: DUMP_SCHEMA, noRefs: true, lineWidth: -1 })}`;
}
