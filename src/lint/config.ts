import { loadAll } from 'js-yaml';
import type { CniProfile } from '../engine/compile.js';
import type { Severity } from '../model/diagnostics.js';
import type { IgnoreEntry, RuleSetting } from './lint.js';
import { LINT_RULES, suggestRuleId } from './registry.js';

/** Names a config file is discovered by in the working directory, in order. */
export const CONFIG_FILE_NAMES: readonly string[] = ['.kubereach.yaml', '.kubereach.yml'];

/** The `lint:` section of a kubereach config file. */
export interface LintConfig {
  readonly failOn?: Severity;
  readonly strict?: boolean;
  readonly cni?: CniProfile;
  /** Per-rule settings; `enable:` and `disable:` lists are folded in as `on`/`off`. */
  readonly rules: Readonly<Record<string, RuleSetting>>;
  readonly ignore: readonly IgnoreEntry[];
}

export interface ParsedConfig {
  readonly config: LintConfig;
  /** What is wrong with the file, one sentence each; the config is unusable when non-empty. */
  readonly problems: readonly string[];
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const LINT_KEYS = ['failOn', 'strict', 'cni', 'rules', 'enable', 'disable', 'ignore'];

/**
 * Reads a config file:
 * ```yaml
 * lint:
 *   failOn: warning            # error | warning | info
 *   strict: false
 *   rules:                      # rule id → error | warning | info | on | off
 *     egress-blocks-dns: error
 *     namespace-not-isolated: off
 *   enable: [ipblock-all-addresses]
 *   disable: [workload-not-isolated]
 *   ignore:                     # drop findings by rule, object (namespace/name) and/or file glob
 *     - { rule: policy-selects-nothing, object: "legacy/*" }
 * ```
 * Other top-level sections are left to other verbs. Never throws: problems are returned.
 */
export function parseLintConfig(text: string): ParsedConfig {
  const problems: string[] = [];
  const rules: Record<string, RuleSetting> = {};
  const ignore: IgnoreEntry[] = [];
  let doc: unknown;
  try {
    const docs = loadAll(text);
    if (docs.length > 1) return { config: { rules, ignore }, problems: ['must be a single YAML document'] };
    doc = docs[0];
  } catch (err) {
    return {
      config: { rules, ignore },
      problems: [`YAML syntax error: ${(err as Error).message.split('\n')[0]}`],
    };
  }
  if (doc === null || doc === undefined) return { config: { rules, ignore }, problems };
  if (!isRecord(doc))
    return { config: { rules, ignore }, problems: ['must be a mapping with a lint: section'] };
  const lint = doc.lint ?? {};
  if (!isRecord(lint)) return { config: { rules, ignore }, problems: ['lint: must be a mapping'] };
  for (const key of Object.keys(lint))
    if (!LINT_KEYS.includes(key))
      problems.push(`lint.${key} is not a setting (known: ${LINT_KEYS.join(', ')})`);

  const checkRule = (id: unknown, where: string): id is string => {
    if (typeof id !== 'string') {
      problems.push(`${where}: rule ids are strings`);
      return false;
    }
    if (LINT_RULES.some((r) => r.id === id)) return true;
    const close = suggestRuleId(id);
    problems.push(
      `${where}: unknown rule ${JSON.stringify(id)}${close === undefined ? '' : ` (did you mean ${close}?)`}`,
    );
    return false;
  };

  if (lint.rules !== undefined && lint.rules !== null) {
    if (!isRecord(lint.rules))
      problems.push('lint.rules must map rule ids to error, warning, info, on or off');
    else
      for (const [id, value] of Object.entries(lint.rules)) {
        if (!checkRule(id, 'lint.rules')) continue;
        const setting = readSetting(value);
        if (setting === undefined)
          problems.push(`lint.rules.${id}: ${JSON.stringify(value)} is not error, warning, info, on or off`);
        else rules[id] = setting;
      }
  }
  for (const [key, setting] of [
    ['enable', 'on'],
    ['disable', 'off'],
  ] as const) {
    const list = lint[key];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      problems.push(`lint.${key} must be a list of rule ids`);
      continue;
    }
    for (const id of list) if (checkRule(id, `lint.${key}`)) rules[id] = setting;
  }
  readIgnore(lint.ignore, ignore, problems, checkRule);

  const failOn = lint.failOn;
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity))
    problems.push(`lint.failOn: ${JSON.stringify(failOn)} is not error, warning or info`);
  if (lint.strict !== undefined && typeof lint.strict !== 'boolean')
    problems.push('lint.strict must be true or false');
  if (lint.cni !== undefined && lint.cni !== 'upstream' && lint.cni !== 'cilium')
    problems.push(`lint.cni: ${JSON.stringify(lint.cni)} is not upstream or cilium`);
  return {
    config: {
      rules,
      ignore,
      ...(SEVERITIES.includes(failOn as Severity) ? { failOn: failOn as Severity } : {}),
      ...(typeof lint.strict === 'boolean' ? { strict: lint.strict } : {}),
      ...(lint.cni === 'upstream' || lint.cni === 'cilium' ? { cni: lint.cni } : {}),
    },
    problems,
  };
}

/** `off`/`on` arrive as booleans from YAML 1.1 readers; accept both spellings. */
function readSetting(value: unknown): RuleSetting | undefined {
  if (value === true) return 'on';
  if (value === false) return 'off';
  if (value === 'on' || value === 'off') return value;
  if (SEVERITIES.includes(value as Severity)) return value as Severity;
  return undefined;
}

function readIgnore(
  value: unknown,
  into: IgnoreEntry[],
  problems: string[],
  checkRule: (id: unknown, where: string) => boolean,
): void {
  if (value === undefined || value === null) return;
  if (!Array.isArray(value)) {
    problems.push('lint.ignore must be a list of {rule, object, file} entries');
    return;
  }
  value.forEach((item, i) => {
    const where = `lint.ignore[${i}]`;
    if (!isRecord(item)) {
      problems.push(`${where} must be a mapping with rule, object and/or file`);
      return;
    }
    const entry: { rule?: string; object?: string; file?: string } = {};
    for (const [key, v] of Object.entries(item)) {
      if (key !== 'rule' && key !== 'object' && key !== 'file') {
        problems.push(`${where}.${key} is not a setting (known: rule, object, file)`);
        continue;
      }
      if (typeof v !== 'string') {
        problems.push(`${where}.${key} must be a string`);
        continue;
      }
      if (key === 'rule' && v !== '*' && !checkRule(v, `${where}.rule`)) continue;
      entry[key] = v;
    }
    if (Object.keys(entry).length === 0)
      problems.push(`${where} would ignore every finding; name a rule, object or file`);
    else into.push(entry);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
