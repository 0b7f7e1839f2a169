import {
  checkKnownFields,
  describeValue,
  type ObjectContext,
  readRecord,
  readString,
  setFields,
} from './fields.js';
import { readProtocol } from './normalize-policy.js';
import type { PathSegment } from './source.js';
import type { AdminPort, Protocol } from './types.js';
import { checkPortNumber } from './validation.js';

/**
 * Ports of admin policy rules: v1alpha1 `ports` (portNumber, portRange, namedPort) and v1alpha2
 * `protocols` (tcp, udp, sctp with a destinationPort; destinationNamedPort), as the CRDs
 * validate them, read to one AdminPort shape.
 */

/**
 * A v1alpha1 `AdminNetworkPolicyPort`: exactly one of `portNumber` ({protocol default TCP,
 * port}), `portRange` ({protocol default TCP, start, end}) and `namedPort`.
 */
export function readPortV1(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
): AdminPort[] {
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) {
    if (value === null)
      ctx.invalid('INVALID_PORT', path, 'must set one of portNumber, portRange and namedPort');
    return [];
  }
  checkKnownFields(ctx, rec, path, ['portNumber', 'portRange', 'namedPort']);
  const set = setFields(rec, ['portNumber', 'portRange', 'namedPort']);
  if (set.length !== 1) {
    ctx.invalid(
      'INVALID_PORT',
      path,
      set.length === 0
        ? 'must set one of portNumber, portRange and namedPort'
        : `must set exactly one of portNumber, portRange and namedPort, not ${set.join(' and ')}`,
    );
    return [];
  }
  const at = [...path, set[0]!];
  if (set[0] === 'namedPort') {
    const name = readString(ctx, rec.namedPort, at);
    if (name === undefined) return [];
    return [{ protocol: null, port: name, index }];
  }
  const body = readRecord(ctx, rec[set[0]!], at);
  if (body === undefined) return [];
  const protocol = readProtocol(ctx, body.protocol, [...at, 'protocol']);
  if (set[0] === 'portNumber') {
    checkKnownFields(ctx, body, at, ['protocol', 'port']);
    const port = readPortNumber(ctx, body.port, [...at, 'port']);
    return protocol === undefined || port === undefined ? [] : [{ protocol, port, index }];
  }
  checkKnownFields(ctx, body, at, ['protocol', 'start', 'end']);
  const range = readRange(ctx, body, at);
  return protocol === undefined || range === undefined ? [] : [{ protocol, ...range, index }];
}

/**
 * A v1alpha2 `ClusterNetworkPolicyProtocol`: exactly one of `tcp`, `udp`, `sctp` (each
 * {destinationPort: {number} | {range: {start, end}}}; MinProperties=1, so `tcp: {}` is
 * rejected) and `destinationNamedPort`.
 */
export function readProtocolV2(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
  index: number,
): AdminPort[] {
  const fields = ['tcp', 'udp', 'sctp', 'destinationNamedPort'];
  const rec = readRecord(ctx, value, path);
  if (rec === undefined) {
    if (value === null) ctx.invalid('INVALID_PORT', path, `must set one of ${fields.join(', ')}`);
    return [];
  }
  checkKnownFields(ctx, rec, path, fields);
  const set = setFields(rec, fields);
  if (set.length !== 1) {
    ctx.invalid(
      'INVALID_PORT',
      path,
      set.length === 0
        ? `must set one of ${fields.join(', ')}`
        : `must set exactly one field, not ${set.join(' and ')}`,
      set.length > 1 ? 'write each protocol as its own list item' : undefined,
    );
    return [];
  }
  const field = set[0]!;
  const at = [...path, field];
  if (field === 'destinationNamedPort') {
    const name = readString(ctx, rec.destinationNamedPort, at);
    if (name === undefined) return [];
    if (name === '') {
      ctx.invalid('INVALID_PORT', at, 'destinationNamedPort may not be empty');
      return [];
    }
    return [{ protocol: null, port: name, index }];
  }
  const protocol = field.toUpperCase() as Protocol;
  const body = readRecord(ctx, rec[field], at);
  if (body === undefined) return [];
  checkKnownFields(ctx, body, at, ['destinationPort']);
  const dest = readRecord(ctx, body.destinationPort, [...at, 'destinationPort']);
  if (dest === undefined) {
    ctx.invalid(
      'INVALID_PORT',
      [...at, 'destinationPort'],
      'destinationPort is required',
      'leave protocols out to match every port of every protocol',
    );
    return [];
  }
  const dp = [...at, 'destinationPort'];
  checkKnownFields(ctx, dest, dp, ['number', 'range']);
  const which = setFields(dest, ['number', 'range']);
  if (which.length !== 1) {
    ctx.invalid(
      'INVALID_PORT',
      dp,
      which.length === 0 ? 'must set number or range' : 'must set number or range, not both',
    );
    return [];
  }
  if (which[0] === 'number') {
    const port = readPortNumber(ctx, dest.number, [...dp, 'number']);
    return port === undefined ? [] : [{ protocol, port, index }];
  }
  const range = readRecord(ctx, dest.range, [...dp, 'range']);
  if (range === undefined) return [];
  checkKnownFields(ctx, range, [...dp, 'range'], ['start', 'end']);
  const r = readRange(ctx, range, [...dp, 'range']);
  return r === undefined ? [] : [{ protocol, ...r, index }];
}

/** An integer port, 1–65535 (Minimum/Maximum markers); required. */
function readPortNumber(
  ctx: ObjectContext,
  value: unknown,
  path: readonly PathSegment[],
): number | undefined {
  if (value === undefined || value === null) {
    ctx.invalid('INVALID_PORT', path, 'a port number is required');
    return undefined;
  }
  if (typeof value !== 'number') {
    ctx.invalid(
      'INVALID_PORT',
      path,
      `must be a port number, not ${describeValue(value)}`,
      typeof value === 'string' ? 'named ports are written as namedPort / destinationNamedPort' : undefined,
    );
    return undefined;
  }
  const err = checkPortNumber(value);
  if (err !== undefined) {
    ctx.invalid('INVALID_PORT', path, `port ${value} ${err}`);
    return undefined;
  }
  return value;
}

/**
 * `{start, end}`, both required, 1–65535, start < end: the CEL rule `self.start < self.end` of
 * v1alpha2, and in v1alpha1 the fields' own documentation ("the Start value must be less than
 * End"); a range of one port is written as a port number.
 */
function readRange(
  ctx: ObjectContext,
  rec: Record<string, unknown>,
  path: readonly PathSegment[],
): { port: number; endPort: number } | undefined {
  const start = readPortNumber(ctx, rec.start, [...path, 'start']);
  const end = readPortNumber(ctx, rec.end, [...path, 'end']);
  if (start === undefined || end === undefined) return undefined;
  if (start >= end) {
    ctx.invalid(
      'INVALID_END_PORT',
      [...path, 'end'],
      `end ${end} must be greater than start ${start}`,
      start === end ? `write the single port as a number: ${start}` : undefined,
    );
    return undefined;
  }
  return { port: start, endPort: end };
}
