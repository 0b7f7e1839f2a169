/**
 * The bad-input corpus (test/fixtures/bad-input/, one file per failure class) and what each file
 * must give: exactly these diagnostics at these positions, and these objects still loaded.
 */
import { loadManifests } from '../../src/load.js';
import type { DiagnosticCode } from '../../src/model/diagnostics.js';
import { readInputFiles } from '../../src/sources/files.js';

export const CORPUS = 'test/fixtures/bad-input';

interface Case {
  readonly file: string;
  /** Every diagnostic, in the order reported: code, line, column. */
  readonly diagnostics: readonly (readonly [DiagnosticCode, number, number])[];
  readonly endpoints: readonly string[];
  readonly policies: readonly string[];
  readonly services: readonly string[];
  /** Namespaces declared in the file that load (implicit ones left out). */
  readonly namespaces: readonly string[];
}

export const CASES: readonly Case[] = [
  {
    file: 'alias-bomb.yaml',
    diagnostics: [['TOO_MANY_ALIASES', 2, 1]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['bomb'],
  },
  {
    file: 'binary.yaml',
    diagnostics: [['BINARY_INPUT', 1, 1]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: [],
  },
  {
    file: 'bom.yaml',
    diagnostics: [
      ['INVALID_LABEL', 7, 5],
      ['IMPLICIT_NAMESPACE', 9, 1],
    ],
    endpoints: ['bom/ok'],
    policies: [],
    services: [],
    namespaces: [],
  },
  {
    file: 'comments-only.yaml',
    diagnostics: [['EMPTY_INPUT', 1, 1]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: [],
  },
  {
    file: 'crlf.yaml',
    diagnostics: [['INVALID_PORT', 19, 11]],
    endpoints: ['crlf/ok'],
    policies: [],
    services: [],
    namespaces: ['crlf'],
  },
  {
    file: 'cyclic-alias.yaml',
    diagnostics: [['TOO_MANY_ALIASES', 2, 1]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['cycle'],
  },
  {
    file: 'deep-nesting.json',
    diagnostics: [['TOO_DEEP', 1, 164]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: [],
  },
  {
    file: 'deep-nesting.yaml',
    diagnostics: [['TOO_DEEP', 7, 70]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['deep'],
  },
  {
    file: 'duplicate-keys.yaml',
    diagnostics: [['YAML_SYNTAX', 7, 3]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['dupes'],
  },
  {
    file: 'empty.yaml',
    diagnostics: [['EMPTY_INPUT', 1, 1]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: [],
  },
  {
    file: 'hostile-names.yaml',
    diagnostics: [
      ['INVALID_NAME', 11, 3],
      ['INVALID_NAME', 17, 3],
      ['INVALID_NAME', 24, 3],
      ['UNSUPPORTED_KIND', 26, 1],
      ['INVALID_NAME', 34, 3],
    ],
    endpoints: ['hostile/ok'],
    policies: [],
    services: [],
    namespaces: ['hostile'],
  },
  {
    file: 'invalid-policies.yaml',
    diagnostics: [
      ['INVALID_END_PORT', 31, 28],
      ['POLICY_REJECTED', 25, 1],
      ['INVALID_END_PORT', 39, 28],
      ['POLICY_REJECTED', 33, 1],
      ['INVALID_PORT', 47, 16],
      ['POLICY_REJECTED', 41, 1],
      ['INVALID_PROTOCOL', 55, 26],
      ['POLICY_REJECTED', 49, 1],
      ['INVALID_CIDR', 63, 25],
      ['POLICY_REJECTED', 57, 1],
      ['EXCEPT_OUTSIDE_CIDR', 71, 51],
      ['POLICY_REJECTED', 65, 1],
      ['INVALID_SELECTOR', 78, 35],
      ['POLICY_REJECTED', 73, 1],
      ['INVALID_SELECTOR', 85, 53],
      ['POLICY_REJECTED', 80, 1],
      ['INVALID_PEER', 93, 14],
      ['POLICY_REJECTED', 87, 1],
      ['INVALID_POLICY_TYPE', 100, 3],
      ['POLICY_REJECTED', 95, 1],
      ['INVALID_LABEL', 106, 31],
      ['POLICY_REJECTED', 102, 1],
      ['IMPLICIT_NAMESPACE', 3, 1],
    ],
    endpoints: ['policies/client', 'policies/server'],
    policies: ['policies/valid'],
    services: [],
    namespaces: [],
  },
  {
    file: 'invalid-services.yaml',
    diagnostics: [
      ['INVALID_NAME', 15, 12],
      ['INVALID_PORT', 25, 11],
      ['INVALID_PORT', 25, 23],
      ['INVALID_PORT', 32, 32],
      ['INVALID_PORT', 39, 22],
      ['INVALID_PORT', 46, 22],
      ['INVALID_IP', 52, 3],
      ['INVALID_NAME', 60, 3],
      ['IMPLICIT_NAMESPACE', 2, 1],
    ],
    endpoints: ['services/web'],
    policies: [],
    services: ['services/web'],
    namespaces: [],
  },
  {
    file: 'invalid-workloads.yaml',
    diagnostics: [
      ['INVALID_SELECTOR', 18, 16],
      ['INVALID_SELECTOR', 26, 3],
      ['INVALID_NAME', 34, 12],
      ['INVALID_PORT', 49, 49],
      ['INVALID_PORT', 58, 16],
      ['INVALID_NAME', 62, 12],
      ['INVALID_NAME', 74, 12],
      ['INVALID_NAME', 78, 22],
      ['IMPLICIT_NAMESPACE', 2, 1],
    ],
    endpoints: ['workloads/web'],
    policies: [],
    services: [],
    namespaces: [],
  },
  {
    file: 'leading-blank-lines.yaml',
    diagnostics: [],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['blanks'],
  },
  {
    file: 'nested-lists.yaml',
    diagnostics: [['NOT_AN_OBJECT', 18, 5]],
    endpoints: ['lists/inner', 'lists/middle'],
    policies: [],
    services: [],
    namespaces: ['lists'],
  },
  {
    file: 'not-kubernetes.yaml',
    diagnostics: [
      ['MISSING_KIND', 3, 1],
      ['UNSUPPORTED_KIND', 5, 1],
      ['UNSUPPORTED_KIND', 9, 1],
      ['INVALID_TYPE', 13, 1],
      ['MISSING_NAME', 16, 1],
      ['MISSING_NAME', 21, 1],
    ],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['other'],
  },
  {
    file: 'prototype-keys.yaml',
    diagnostics: [['UNSUPPORTED_KIND', 38, 1]],
    endpoints: ['proto/p', 'proto/q'],
    policies: ['proto/np', 'proto/np2'],
    services: ['proto/constructor'],
    namespaces: ['proto'],
  },
  {
    file: 'scalar-documents.yaml',
    diagnostics: [
      ['NOT_AN_OBJECT', 2, 1],
      ['NOT_AN_OBJECT', 4, 1],
      ['NOT_AN_OBJECT', 6, 1],
    ],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['scalars'],
  },
  {
    file: 'tabs.yaml',
    diagnostics: [['YAML_SYNTAX', 5, 1]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['tabs'],
  },
  {
    file: 'too-many-aliases.yaml',
    diagnostics: [['TOO_MANY_ALIASES', 509, 10]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: ['aliased'],
  },
  {
    file: 'truncated.json',
    diagnostics: [['JSON_SYNTAX', 7, 28]],
    endpoints: [],
    policies: [],
    services: [],
    namespaces: [],
  },
  {
    file: 'wrong-types.yaml',
    diagnostics: [
      ['INVALID_TYPE', 6, 3],
      ['INVALID_TYPE', 13, 1],
      ['INVALID_TYPE', 22, 5],
      ['INVALID_TYPE', 30, 3],
      ['INVALID_TYPE', 38, 3],
      ['INVALID_TYPE', 47, 3],
      ['POLICY_REJECTED', 40, 1],
      ['IMPLICIT_NAMESPACE', 8, 1],
    ],
    endpoints: ['types/ok'],
    policies: [],
    services: [],
    namespaces: [],
  },
  {
    file: 'yaml-syntax.yaml',
    diagnostics: [['YAML_SYNTAX', 12, 23]],
    endpoints: ['syntax/fine'],
    policies: [],
    services: [],
    namespaces: ['syntax'],
  },
];

/** Loads one corpus file as the CLI does. */
export async function loadCorpusFile(file: string) {
  const read = await readInputFiles([`${CORPUS}/${file}`]);
  const cluster = loadManifests(read.files);
  return { cluster, diagnostics: [...read.diagnostics, ...cluster.diagnostics] };
}
