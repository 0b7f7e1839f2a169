/**
 * The differential check behind the property tests: one generated cluster is loaded from JSON
 * text and answered three ways — the per-pair `evaluateConnection`, the class-based
 * `computeReachability` + pod matrix, and the naive reference — for every ordered pair of
 * endpoints and endpoint↔external sample addresses, on sample ports of all three protocols.
 * Any disagreement throws with the pair, port and protocol.
 */
import { checkConnection } from '../../src/engine/check.js';
import { isApiServer, nodeOfParty } from '../../src/engine/cilium-match.js';
import { type CniProfile, type CompiledCluster, compileCluster } from '../../src/engine/compile.js';
import { evaluateConnection, type Party } from '../../src/engine/evaluate.js';
import { buildMatrix } from '../../src/engine/matrix.js';
import { type ConnSet, connsAllow, connsEqual, EMPTY_CONNS, formatConns } from '../../src/engine/port-set.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { loadManifests } from '../../src/load.js';
import { formatIp, parseCidr, parseIp, V4_MAX, V6_MAX } from '../../src/model/ip.js';
import { type CiliumRuleItem, type Cluster, type Endpoint, PROTOCOLS } from '../../src/model/types.js';
import { naiveAllowed } from '../reference/naive.js';
import { naiveCiliumAllowed } from '../reference/naive-cilium.js';
import { expectedPolicyTypes, type GeneratedCluster, POD_IPS, toJsonText } from './arbitraries.js';
import { rememberWritten, writtenObjects } from './cluster.js';

/** Loads a generated cluster and checks that exactly the valid policies were applied, as defaulted. */
export function loadGenerated(gen: GeneratedCluster): Cluster {
  const cluster = rememberWritten(
    loadManifests([{ name: 'generated.json', text: toJsonText(gen.objects) }]),
    gen.objects,
  );
  const errors = cluster.diagnostics.filter((d) => d.severity === 'error');
  for (const e of errors) {
    const id = `${e.object?.namespace}/${e.object?.name}`;
    if (e.object?.kind !== 'NetworkPolicy' || !gen.invalidPolicies.includes(id))
      throw new Error(`unexpected error ${e.code}: ${e.message}`);
  }
  const applied = cluster.policies.map((p) => p.id).sort();
  if (JSON.stringify(applied) !== JSON.stringify([...gen.validPolicies].sort()))
    throw new Error(`applied policies ${applied.join(',')} but valid are ${gen.validPolicies.join(',')}`);
  for (const object of gen.objects) {
    if (object.kind !== 'NetworkPolicy') continue;
    const meta = object.metadata as { name: string; namespace: string };
    const p = cluster.policies.find((x) => x.id === `${meta.namespace}/${meta.name}`);
    if (p === undefined) continue;
    const want = expectedPolicyTypes(object);
    if (JSON.stringify(p.policyTypes) !== JSON.stringify(want))
      throw new Error(`${p.id}: policyTypes ${p.policyTypes.join(',')}, want ${want.join(',')}`);
  }
  return cluster;
}

/** Ports worth probing: every port the input mentions, its neighbours, 1 and 65535. */
export function samplePorts(cluster: Cluster): number[] {
  const ports = new Set<number>([1, 65535]);
  const add = (n: number) => {
    for (const p of [n - 1, n, n + 1]) if (p >= 1 && p <= 65535) ports.add(p);
  };
  for (const e of cluster.endpoints) for (const cp of e.ports) add(cp.port);
  const rules = [...cluster.policies, ...cluster.adminPolicies].flatMap((p) => [...p.ingress, ...p.egress]);
  for (const rule of rules) {
    for (const p of rule.ports ?? []) {
      if (typeof p.port === 'number') add(p.port);
      if (p.endPort !== undefined) add(p.endPort);
    }
  }
  for (const item of ciliumItems(cluster))
    for (const p of (item.toPorts ?? []).flatMap((r) => r.ports ?? [])) {
      if (typeof p.port === 'number') add(p.port);
      if (p.endPort !== undefined) add(p.endPort);
    }
  return [...ports].sort((a, b) => a - b);
}

/** External addresses worth probing: both ends of every CIDR and except and their outside neighbours. */
export function sampleAddresses(cluster: Cluster, ipv6: boolean): string[] {
  const out = new Set<string>(['8.8.8.8', ...POD_IPS.filter((ip) => !ip.includes(':'))]);
  if (ipv6) {
    out.add('2606:4700::1111');
    for (const ip of POD_IPS) if (ip.includes(':')) out.add(ip);
  }
  const edges = (text: string) => {
    const c = parseCidr(text)!;
    const max = c.family === 'v4' ? V4_MAX : V6_MAX;
    for (const v of [c.first - 1n, c.first, c.last, c.last + 1n]) {
      if (v >= 0n && v <= max) out.add(formatIp({ family: c.family, value: v }));
    }
  };
  for (const policy of cluster.policies) {
    for (const rule of [...policy.ingress, ...policy.egress]) {
      for (const peer of rule.peers ?? []) {
        if (peer.type === 'ipBlock') for (const text of [peer.cidr, ...peer.except]) edges(text);
      }
    }
  }
  for (const policy of cluster.adminPolicies)
    for (const rule of policy.egress)
      for (const peer of rule.peers) if (peer.type === 'networks') for (const text of peer.cidrs) edges(text);
  for (const item of ciliumItems(cluster))
    for (const peer of item.peers ?? [])
      if (peer.type === 'cidr') for (const text of [peer.cidr, ...peer.except]) edges(text);
  for (const node of cluster.nodes) for (const a of node.addresses) out.add(a);
  for (const a of cluster.apiServerAddresses) out.add(a);
  // IPv4-only input: the partition has IPv4 nodes only (design: IPv6 space appears when mentioned)
  return [...out].filter((ip) => ipv6 || !ip.includes(':'));
}

/** Every item of every rule of every Cilium policy. */
function ciliumItems(cluster: Cluster): CiliumRuleItem[] {
  return cluster.ciliumPolicies.flatMap((p) =>
    p.specs.flatMap((s) => [...s.ingress, ...s.ingressDeny, ...s.egress, ...s.egressDeny]),
  );
}

function partyOf(p: Party): string {
  return p.type === 'endpoint' ? p.endpoint.id : p.label;
}

/**
 * Pairs whose Cilium verdict the classes (and so the pod matrix) do not hold: a node or API
 * server address outside the pods (the entities `host`, `remote-node`, `kube-apiserver`, whose
 * verdict depends on the pod's node; the matrix draws them as entity nodes). The per-pair
 * evaluation, check and the naive reference still answer them. Pods, hostNetwork pods included,
 * are compared everywhere.
 */
function classesBlind(compiled: CompiledCluster, a: Party, b: Party): boolean {
  const nodes = compiled.match.cilium;
  if (nodes === null) return false;
  const blind = (p: Party) =>
    p.type === 'external' && (nodeOfParty(nodes, p) !== undefined || isApiServer(nodes, p));
  return blind(a) || blind(b);
}

/** Compares the three evaluators on one cluster; throws on the first disagreement. */
export function compareEvaluators(
  cluster: Cluster,
  cni: CniProfile,
  options: { readonly checkConnection?: boolean } = {},
): void {
  const compiled = compileCluster(cluster, { cni });
  const reach = computeReachability(compiled);
  const matrix = buildMatrix(reach, { granularity: 'pod' });
  const conns = new Map(matrix.connections.map((c) => [`${c.src}\u0000${c.dst}`, c.conns]));
  const nodeId = (p: Party) =>
    p.type === 'endpoint' ? p.endpoint.id : reach.external.nodes[reach.external.nodeOf(p.address)]!.id;
  const classOf = (p: Party) =>
    p.type === 'endpoint' ? reach.classOf(p.endpoint) : reach.externalParty(reach.external.nodeOf(p.address));

  const parties: Party[] = [
    ...cluster.endpoints.map((endpoint): Party => ({ type: 'endpoint', endpoint })),
    ...sampleAddresses(cluster, compiled.ipv6).map(
      (label): Party => ({
        type: 'external',
        address: parseIp(label)!,
        label,
      }),
    ),
  ];
  const ports = samplePorts(cluster);
  for (const src of parties) {
    for (const dst of parties) {
      if (src.type === 'external' && dst.type === 'external') continue;
      const self = src.type === 'endpoint' && dst.type === 'endpoint' && src.endpoint === dst.endpoint;
      const where = `${partyOf(src)} -> ${partyOf(dst)} (cni ${cni})`;
      const evaluated = evaluateConnection(compiled, src, dst).allowed;
      // Under Cilium, node and API server addresses are entities (host, remote-node,
      // kube-apiserver) whose verdict depends on the pod's node: the per-pair evaluation and
      // check answer them, the classes and the pod matrix do not.
      if (!classesBlind(compiled, src, dst)) {
        const classes = reach.connsBetween(classOf(src), classOf(dst));
        if (!connsEqual(evaluated, classes))
          throw new Error(
            `${where}: evaluateConnection ${formatConns(evaluated)}, classes ${formatConns(classes)}`,
          );
        const m: ConnSet = self
          ? evaluated
          : (conns.get(`${nodeId(src)}\u0000${nodeId(dst)}`) ?? EMPTY_CONNS);
        if (!connsEqual(evaluated, m))
          throw new Error(`${where}: evaluateConnection ${formatConns(evaluated)}, matrix ${formatConns(m)}`);
      }
      compareNaive(compiled, src, dst, evaluated, self, ports, where);
      if (options.checkConnection === true && src.type === 'endpoint' && dst.type === 'endpoint' && !self)
        compareCheck(compiled, src.endpoint, dst.endpoint, evaluated, ports, where);
    }
  }
}

/** `checkConnection`, the verdict the CLI prints, agrees with the evaluation on every sampled port. */
function compareCheck(
  compiled: CompiledCluster,
  src: Endpoint,
  dst: Endpoint,
  evaluated: ConnSet,
  ports: readonly number[],
  where: string,
): void {
  for (const protocol of PROTOCOLS) {
    for (const port of ports) {
      const checked = checkConnection(
        compiled,
        { type: 'endpoint', endpoint: src },
        { type: 'endpoint', endpoint: dst },
        port,
        protocol,
      ).allowed;
      if (checked !== connsAllow(evaluated, protocol, port))
        throw new Error(`${where} ${port}/${protocol}: checkConnection ${checked}, evaluation ${!checked}`);
    }
  }
}

function compareNaive(
  compiled: CompiledCluster,
  src: Party,
  dst: Party,
  evaluated: ConnSet,
  self: boolean,
  ports: readonly number[],
  where: string,
): void {
  const s = src.type === 'endpoint' ? src.endpoint : src.label;
  const d = dst.type === 'endpoint' ? dst.endpoint : dst.label;
  for (const protocol of PROTOCOLS) {
    for (const port of ports) {
      const naive =
        compiled.options.cni === 'cilium' && compiled.cluster.adminPolicies.length === 0
          ? naiveCiliumAllowed(compiled.cluster, writtenObjects(compiled.cluster), s, d, port, protocol)
          : naiveAllowed(compiled.cluster, s, d, port, protocol, compiled.options.cni);
      const engine = self || connsAllow(evaluated, protocol, port);
      if (naive !== engine)
        throw new Error(
          `${where} ${port}/${protocol}: naive ${naive}, engine ${engine} (${formatConns(evaluated)})`,
        );
    }
  }
}

/** The whole differential check of one generated cluster under one CNI profile. */
export function checkGenerated(gen: GeneratedCluster, cni: CniProfile): void {
  compareEvaluators(loadGenerated(gen), cni);
}

/**
 * Loads a generated cluster with admin policies and checks that every one of them was accepted
 * (the generators write only what the CRDs accept).
 */
export function loadTiered(gen: GeneratedCluster): Cluster {
  const cluster = loadGenerated(gen);
  const written = gen.objects.filter((o) =>
    String(o.apiVersion).startsWith('policy.networking.k8s.io/'),
  ).length;
  if (cluster.adminPolicies.length !== written)
    throw new Error(`${written} admin policies written, ${cluster.adminPolicies.length} applied`);
  return cluster;
}

/** The differential check of a cluster with admin policies: evaluators, matrix, checkConnection, naive. */
export function checkTiered(gen: GeneratedCluster): void {
  compareEvaluators(loadTiered(gen), 'upstream', { checkConnection: true });
}

/**
 * Loads a generated Cilium cluster and checks that it loaded without errors and that every
 * Cilium policy was accepted (the generator writes only what Cilium accepts).
 */
export function loadCilium(gen: GeneratedCluster): Cluster {
  const cluster = loadGenerated(gen);
  const written = gen.objects.filter((o) => String(o.kind).startsWith('Cilium')).length;
  if (cluster.ciliumPolicies.length !== written)
    throw new Error(`${written} Cilium policies written, ${cluster.ciliumPolicies.length} accepted`);
  return cluster;
}

/** The differential check of a Cilium cluster: evaluators, matrix, checkConnection, naive. */
export function checkCilium(gen: GeneratedCluster): void {
  compareEvaluators(loadCilium(gen), 'cilium', { checkConnection: true });
}
