import type { ActiveRule } from '../lint/lint.js';
import type { Finding } from '../lint/types.js';
import type { Severity } from '../model/diagnostics.js';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

export interface SarifOptions {
  /** The kubereach version, for `tool.driver.version`. */
  readonly version: string;
}

/**
 * A SARIF 2.1.0 log for GitHub code scanning: one run, the rules that ran (with their
 * configured level), one result per finding located by a repository-relative URI, line and
 * column, and a fingerprint that survives line shifts (rule, object and field path).
 */
export function renderLintSarif(
  findings: readonly Finding[],
  rules: readonly ActiveRule[],
  options: SarifOptions,
): string {
  const ran = rules.filter((r) => r.enabled);
  const index = new Map(ran.map((r, i) => [r.rule.id, i]));
  const seen = new Map<string, number>();
  const uniqueFingerprint = (f: Finding) => {
    const base = fingerprint(f);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}:${n}`;
  };
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubereach',
            version: options.version,
            semanticVersion: options.version,
            rules: ran.map(({ rule, severity }) => ({
              id: rule.id,
              name: pascalCase(rule.id),
              shortDescription: { text: rule.summary },
              fullDescription: { text: rule.description },
              help: { text: rule.description },
              defaultConfiguration: { level: LEVEL[severity] },
              properties: { tags: ['kubernetes', 'networkpolicy'] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule)! } : {}),
          level: LEVEL[f.severity],
          message: { text: f.hint === undefined ? f.message : `${f.message}\nhint: ${f.hint}` },
          locations: [location(f)],
          partialFingerprints: { 'kubereachFinding/v1': uniqueFingerprint(f) },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function location(f: Finding): Record<string, unknown> {
  const logical =
    f.object === undefined
      ? []
      : [
          {
            name: f.object.name,
            fullyQualifiedName: `${f.object.kind}/${f.object.namespace === undefined ? '' : `${f.object.namespace}/`}${f.object.name}${f.path === undefined ? '' : `#${f.path}`}`,
            kind: 'resource',
          },
        ];
  return {
    ...(f.source === undefined
      ? {}
      : {
          physicalLocation: {
            artifactLocation: { uri: toUri(f.source.file) },
            region: { startLine: f.source.line, startColumn: f.source.column },
          },
        }),
    ...(logical.length === 0 ? {} : { logicalLocations: logical }),
  };
}

/** A relative file path as a URI reference: forward slashes, no `./`, reserved characters escaped. */
export function toUri(file: string): string {
  const path = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return path
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

function pascalCase(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** FNV-1a (64-bit) of rule, object and path: stable while lines move. */
function fingerprint(f: Finding): string {
  const o = f.object;
  const text = `${f.rule}\u0000${o?.kind ?? ''}\u0000${o?.namespace ?? ''}\u0000${o?.name ?? ''}\u0000${f.path ?? ''}\u0000${o === undefined ? f.message : ''}`;
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
