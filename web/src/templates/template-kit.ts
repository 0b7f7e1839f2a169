/** What every policy template is made of: the values it asks for and the checks on them. */
import type { Protocol } from '../../../src/model/types.js';

/** The values a template asks for. */
export interface TemplateValues {
  readonly namespace: string;
  /** Source namespace (allow-from-namespace). */
  readonly from?: string;
  /** A port number, or empty for every port. */
  readonly port?: string;
  readonly protocol?: Protocol;
  /** A pod label `key=value` (allow-same-app). */
  readonly label?: string;
  /** A Cilium entity (cnp-allow-from-entity). */
  readonly entity?: string;
}

export type TemplateField = 'namespace' | 'from' | 'port' | 'protocol' | 'label' | 'entity';

export interface PolicyTemplate {
  readonly id: string;
  /** The policy language it writes: NetworkPolicy (absent) or CiliumNetworkPolicy. */
  readonly dialect?: 'cilium';
  readonly title: string;
  readonly description: string;
  readonly fields: readonly TemplateField[];
  /** One YAML document (no `---`), or an error message for invalid values. */
  render(values: TemplateValues): { ok: true; yaml: string } | { ok: false; message: string };
}

export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
export const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/** A YAML scalar: plain when it is a safe name, double-quoted (JSON syntax is valid YAML) otherwise. */
export function yamlScalar(text: string): string {
  return /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/.test(text) &&
    !/^(true|false|null|yes|no|on|off|~|\d+)$/i.test(text)
    ? text
    : JSON.stringify(text);
}

/** A policy name from parts: lower-case, DNS-safe, at most 63 characters. */
export function policyName(...parts: string[]): string {
  const name = parts
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return name.slice(0, 63).replace(/-$/, '') || 'policy';
}

export type Checked = { ok: true } | { ok: false; message: string };

export function checkNamespace(value: string | undefined, what: string): Checked {
  if (value === undefined || value === '') return { ok: false, message: `${what} is required` };
  if (!DNS_LABEL.test(value) || value.length > 63)
    return { ok: false, message: `${what} ${JSON.stringify(value)} is not a valid namespace name` };
  return { ok: true };
}

export function parsePort(
  value: string | undefined,
): { ok: true; port: number | null } | { ok: false; message: string } {
  const text = (value ?? '').trim();
  if (text === '') return { ok: true, port: null };
  if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > 65535)
    return { ok: false, message: `port ${JSON.stringify(text)} is not a number from 1 to 65535` };
  return { ok: true, port: Number(text) };
}
