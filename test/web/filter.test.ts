import { describe, expect, it } from 'vitest';
import { ALL_CONNS, connsOf, EMPTY_CONNS, unionConns } from '../../src/engine/port-set.js';
import { parsePortFilter, probePort } from '../../web/src/matrix/filter.js';

describe('parsePortFilter', () => {
  it.each([
    ['', 'any', null],
    ['', 'TCP', connsOf('TCP', [1, 65535])],
    ['80', 'TCP', connsOf('TCP', [80, 80])],
    [' 80, 443 ', 'TCP', connsOf('TCP', [80, 80, 443, 443])],
    ['8000-8100', 'UDP', connsOf('UDP', [8000, 8100])],
    ['53', 'any', { TCP: [53, 53], UDP: [53, 53], SCTP: [53, 53] }],
    ['79-81,80', 'SCTP', connsOf('SCTP', [79, 81])],
  ] as const)('reads %j for %s', (text, protocol, filter) => {
    expect(parsePortFilter(text, protocol)).toEqual({ ok: true, filter });
  });

  it.each(['http', '0', '70000', '90-80', '1-2-3'])('refuses %j', (text) => {
    expect(parsePortFilter(text, 'TCP').ok).toBe(false);
  });
});

describe('probePort', () => {
  it.each([
    ['80 when everything is allowed, as curl', ALL_CONNS, null, { port: 80, protocol: 'TCP' }],
    [
      'the first allowed TCP port',
      connsOf('TCP', [443, 443, 8080, 8080]),
      null,
      { port: 443, protocol: 'TCP' },
    ],
    ['UDP when only UDP is allowed', connsOf('UDP', [53, 53]), null, { port: 53, protocol: 'UDP' }],
    [
      'the filter port inside the allowed set',
      ALL_CONNS,
      connsOf('TCP', [8080, 8080]),
      { port: 8080, protocol: 'TCP' },
    ],
    [
      'the filter port when nothing is allowed',
      EMPTY_CONNS,
      connsOf('UDP', [53, 53]),
      { port: 53, protocol: 'UDP' },
    ],
    ['80/TCP when nothing is allowed and nothing filtered', EMPTY_CONNS, null, { port: 80, protocol: 'TCP' }],
    [
      'an allowed port within the filter',
      unionConns(connsOf('TCP', [22, 22]), connsOf('TCP', [9000, 9000])),
      connsOf('TCP', [9000, 9100]),
      { port: 9000, protocol: 'TCP' },
    ],
  ] as const)('%s', (_name, conns, filter, expected) => {
    expect(probePort(conns, filter)).toEqual(expected);
  });
});
