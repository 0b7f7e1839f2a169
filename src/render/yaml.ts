/** A JSON value, as the JSON renderers build them. */
export type JsonValue = string | number | boolean | null | undefined | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * A JSON value as block-style YAML, every line indented by `indent`. Collections nested
 * `flowLevel` levels deep or more are written in flow style (`{protocol: TCP, ports: [[80, 80]]}`).
 * Fields that are `undefined` are left out, as JSON.stringify does. The output loads back to
 * the same value under the YAML 1.2 core schema and under YAML 1.1 parsers: strings that could
 * read as anything else are double-quoted.
 */
export function toYaml(value: JsonValue, indent = '', flowLevel = Number.POSITIVE_INFINITY): string {
  return block(value, indent, 0, flowLevel);
}

/**
 * One item of a list at the top level (`- id: …`), for streaming long lists; its nesting level
 * is 1, as in `toYaml([value])`.
 */
export function yamlListItem(value: JsonValue, indent: string, flowLevel = Number.POSITIVE_INFINITY): string {
  return item(value, indent, 1, flowLevel);
}

/** `value` at `level` as the lines of a block, each starting with `indent`. */
function block(value: JsonValue, indent: string, level: number, flowLevel: number): string {
  if (!isCollection(value) || level >= flowLevel || isEmpty(value)) return `${indent}${flow(value)}\n`;
  if (Array.isArray(value)) return value.map((v) => item(v, indent, level + 1, flowLevel)).join('');
  let out = '';
  for (const [k, v] of Object.entries(value as JsonObject)) {
    if (v === undefined) continue;
    if (isCollection(v) && !isEmpty(v) && level + 1 < flowLevel)
      out += `${indent}${scalar(k)}:\n${block(v, `${indent}  `, level + 1, flowLevel)}`;
    else out += `${indent}${scalar(k)}: ${flow(v)}\n`;
  }
  return out;
}

/** A list item: the value's block with its first indentation replaced by `- `. */
function item(value: JsonValue, indent: string, level: number, flowLevel: number): string {
  const body = block(value, `${indent}  `, level, flowLevel);
  return `${indent}- ${body.slice(indent.length + 2)}`;
}

function flow(value: JsonValue): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (isCollection(value)) {
    const entries = Object.entries(value as JsonObject).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${scalar(k)}: ${flow(v)}`).join(', ')}}`;
  }
  return scalar(value as string | number | boolean | null | undefined);
}

function isCollection(value: JsonValue): value is readonly JsonValue[] | JsonObject {
  return typeof value === 'object' && value !== null;
}

function isEmpty(value: readonly JsonValue[] | JsonObject): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.values(value).every((v) => v === undefined);
}

/** Plain when unambiguous (names, ids, CIDRs), double-quoted otherwise. */
const PLAIN = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
/** Scalars YAML 1.1 or 1.2 would read as something other than a string. */
const SPECIAL =
  /^(?:y|n|yes|no|true|false|on|off|null|~|[-+]?(?:\.?[0-9][0-9_.:]*(?:e[-+]?[0-9]+)?|\.inf|\.nan)|0[box][0-9a-f_]+)$/i;

function scalar(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value !== 'string') return String(value);
  if (PLAIN.test(value) && !SPECIAL.test(value)) return value;
  // JSON escapes are YAML double-quoted escapes; YAML 1.1 also breaks lines at NEL, LS and PS.
  return JSON.stringify(value).replace(
    /[\u0085\u2028\u2029\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
