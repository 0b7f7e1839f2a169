import { formatConns, isAllConns } from '../../engine/port-set.js';
import type { ExposureReport, ExternalExposure, PeerReport } from '../../exposure/types.js';
import { externalLabel } from '../labels.js';
import { escapeMarkdown as esc, markdownTable } from '../markdown.js';
import { isolationWords, serviceWords } from './words.js';

const conns = (c: Parameters<typeof formatConns>[0]) => (isAllConns(c) ? '**all**' : esc(formatConns(c)));

/** The exposure report as Markdown for a pull request or an issue. */
export function renderExposureMarkdown(report: ExposureReport): string {
  const out: string[] = [
    '### Exposure',
    '',
    `${report.workloads} workloads: ${report.notIsolated.length} not fully isolated, ${report.externalIngress.length} reachable from outside, ${report.externalEgress.length} reaching outside, ${report.allNamespaces.length} open to every namespace.`,
    '',
  ];
  const section = (title: string, empty: string, table: string | null) =>
    out.push(`#### ${title}`, '', table ?? `_${empty}_\n`);
  section(
    'Not isolated',
    'Every workload is isolated for ingress and egress.',
    report.notIsolated.length === 0
      ? null
      : markdownTable(
          ['Workload', 'Kind', 'Ingress', 'Egress'],
          report.notIsolated.map((i) => [
            esc(i.workload.id),
            esc(i.workload.kind),
            isolationWords(i.ingress),
            isolationWords(i.egress),
          ]),
        ),
  );
  const external = (list: readonly ExternalExposure[], head: string, publish: boolean) =>
    list.length === 0
      ? null
      : markdownTable(
          ['Workload', head, 'Allowed', ...(publish ? ['Published by'] : [])],
          list.flatMap((e) =>
            e.peers.map((p, k) => [
              k === 0 ? esc(e.workload.id) : '',
              esc(externalLabel(p.cidrs)),
              conns(p.conns),
              ...(publish ? [k === 0 ? esc(e.services.map(serviceWords).join('; ')) : ''] : []),
            ]),
          ),
        );
  section(
    'Reachable from outside the cluster',
    'No outside address may connect to any workload.',
    external(report.externalIngress, 'From', true),
  );
  section(
    'Can reach outside the cluster',
    'No workload may connect to an outside address.',
    external(report.externalEgress, 'To', false),
  );
  section(
    'Open to every other namespace',
    'No workload admits every other namespace.',
    report.allNamespaces.length === 0
      ? null
      : markdownTable(
          ['Workload', 'Namespaces', 'Allowed'],
          report.allNamespaces.map((a) => [esc(a.workload.id), String(a.namespaces), conns(a.conns)]),
        ),
  );
  return `${out.join('\n').trimEnd()}\n`;
}

/** "Who can reach me" / "whom can I reach" as Markdown tables. */
export function renderPeersMarkdown(report: PeerReport): string {
  const id = esc(report.workload.id);
  const out: string[] = [];
  for (const list of report.lists) {
    const incoming = list.direction === 'in';
    out.push(`### ${incoming ? `Who can reach ${id}` : `Whom ${id} can reach`}`, '');
    const dir = incoming ? 'Ingress' : 'Egress';
    out.push(
      list.policies.length > 0
        ? `${dir}: ${isolationWords(list.isolation)} by ${list.policies.map(esc).join(', ')}.`
        : `${dir}: ${isolationWords(list.isolation)}.`,
      '',
    );
    if (list.peers.length === 0)
      out.push(incoming ? '_Nothing may connect to it._' : '_It may connect to nothing._', '');
    else
      out.push(
        markdownTable(
          [incoming ? 'Source' : 'Destination', 'Kind', 'Allowed'],
          list.peers.map((p) => [
            esc(p.kind === 'External' ? externalLabel(p.cidrs ?? [p.id]) : p.id),
            esc(p.kind),
            conns(p.conns),
          ]),
        ),
      );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
