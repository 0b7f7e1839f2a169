import { formatConns, isAllConns } from '../../engine/port-set.js';
import type { ExposureReport, ExternalExposure, PeerReport } from '../../exposure/types.js';
import { externalLabel } from '../labels.js';
import { type Style, sanitize } from '../style.js';
import { renderTable } from '../table.js';
import { isolationWords, serviceWords } from './words.js';

/** The exposure report for a terminal: one section per question, each a kubectl-style table. */
export function renderExposureText(report: ExposureReport, style: Style): string {
  const conns = (c: Parameters<typeof formatConns>[0]) =>
    isAllConns(c) ? style.warn('all') : formatConns(c);
  const sections: string[] = [];
  const section = (title: string, empty: string, table: string | null) =>
    sections.push(`${style.bold(title)}\n${table === null ? `  ${style.good(empty)}\n` : indent(table)}`);

  section(
    'Not isolated (no policy isolates their pods for a direction)',
    'every workload is isolated for ingress and egress',
    report.notIsolated.length === 0
      ? null
      : renderTable(
          ['WORKLOAD', 'KIND', 'INGRESS', 'EGRESS'],
          report.notIsolated.map((i) => [
            sanitize(i.workload.id),
            i.workload.kind,
            state(i.ingress, style),
            state(i.egress, style),
          ]),
        ),
  );
  const external = (list: readonly ExternalExposure[], head: string, publish: boolean) =>
    list.length === 0
      ? null
      : renderTable(
          ['WORKLOAD', head, 'ALLOWED', ...(publish ? ['PUBLISHED BY'] : [])],
          list.flatMap((e) =>
            e.peers.map((p, k) => [
              k === 0 ? sanitize(e.workload.id) : '',
              sanitize(externalLabel(p.cidrs)),
              conns(p.conns),
              ...(publish ? [k === 0 ? sanitize(e.services.map(serviceWords).join('; ')) : ''] : []),
            ]),
          ),
        );
  section(
    'Reachable from outside the cluster',
    'no outside address may connect to any workload',
    external(report.externalIngress, 'FROM', true),
  );
  section(
    'Can reach outside the cluster',
    'no workload may connect to an outside address',
    external(report.externalEgress, 'TO', false),
  );
  section(
    "Open to every other namespace (the sources' egress policies not counted)",
    'no workload admits every other namespace',
    report.allNamespaces.length === 0
      ? null
      : renderTable(
          ['WORKLOAD', 'NAMESPACES', 'ALLOWED'],
          report.allNamespaces.map((a) => [sanitize(a.workload.id), String(a.namespaces), conns(a.conns)]),
        ),
  );
  const summary = style.dim(
    `${report.workloads} workloads: ${report.notIsolated.length} not fully isolated, ${report.externalIngress.length} reachable from outside, ${report.externalEgress.length} reaching outside, ${report.allNamespaces.length} open to every namespace.`,
  );
  return `${sections.join('\n')}\n${summary}\n`;
}

/** "Who can reach me" and "whom can I reach" for one workload. */
export function renderPeersText(report: PeerReport, style: Style): string {
  const id = sanitize(report.workload.id);
  const parts = report.lists.map((list) => {
    const incoming = list.direction === 'in';
    const title = incoming
      ? `Who can reach ${id} (${report.workload.kind})`
      : `Whom ${id} (${report.workload.kind}) can reach`;
    const dir = incoming ? 'ingress' : 'egress';
    const isolation =
      list.isolation === 'isolated' || list.isolation === 'partial'
        ? `${dir}: ${isolationWords(list.isolation)} by ${sanitize(list.policies.join(', '))}`
        : list.isolation === 'host-network'
          ? `${dir}: not isolated — hostNetwork pods are never selected by NetworkPolicies`
          : list.isolation === 'baseline-deny'
            ? `${dir}: no NetworkPolicy isolates it, but ${sanitize(list.policies.join(', '))} denies what no earlier tier allows`
            : list.isolation === 'deny-all'
              ? `${dir}: not isolated, but ${sanitize(list.policies.join(', '))} denies every peer on every port (deny beats allow)`
              : `${dir}: not isolated — no policy isolates it for ${dir}`;
    const lines = [style.bold(title), `  ${isolation}`];
    if (list.peers.length === 0)
      lines.push(`  ${style.good(incoming ? 'nothing may connect to it' : 'it may connect to nothing')}`);
    else {
      const rows = list.peers.map((p) => [
        sanitize(p.kind === 'External' ? externalLabel(p.cidrs ?? [p.id]) : p.id),
        p.kind,
        isAllConns(p.conns) ? style.warn('all') : formatConns(p.conns),
      ]);
      lines.push(
        indent(renderTable([incoming ? 'SOURCE' : 'DESTINATION', 'KIND', 'ALLOWED'], rows)).trimEnd(),
      );
    }
    return `${lines.join('\n')}\n`;
  });
  return parts.join('\n');
}

function state(s: Parameters<typeof isolationWords>[0], style: Style): string {
  const words = isolationWords(s);
  return s === 'isolated' ? words : style.warn(words);
}

function indent(text: string): string {
  return text.replace(/^(?=.)/gm, '  ');
}
