import type { Command } from 'commander';
import { type CompiledCluster, compileCluster } from '../../engine/compile.js';
import { describeAdminPolicy } from '../../explain/describe-admin.js';
import { describeCiliumPolicy, findCiliumPolicy } from '../../explain/describe-cilium.js';
import {
  describePolicies,
  describePolicy,
  type PolicyDescription,
  type TargetDescription,
} from '../../explain/index.js';
import type { AdminPolicy, CiliumPolicy, Cluster, NetworkPolicy } from '../../model/types.js';
import { adminPolicyLines, renderAdminPoliciesText } from '../../render/admin-words.js';
import { ciliumPolicyLines } from '../../render/cilium-words.js';
import { explainPolicyToJson, explainTargetsToJson } from '../../render/explain-json.js';
import { renderPolicyText, renderTargetsTable, renderTargetsText } from '../../render/explain-text.js';
import { loadInput } from '../input.js';
import { type CliIo, EXIT, pickStyle, usageError } from '../io.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { reportDiagnostics } from '../output.js';

const EXAMPLES = `
Policies are grouped per target: the policies of one namespace with the same podSelector select
the same pods. Each policy is described in plain words (policyTypes as the API server defaults
it), with the pods it selects now and the pods each rule matches now.

Examples:
  # Every policy of the tutorial in plain words
  kubereach explain examples/tutorial

  # One policy
  kubereach explain policy dev2/kube-demo examples/tutorial

  # A cluster-scoped admin policy: anp/NAME, banp/NAME or cnp/NAME (ClusterNetworkPolicy)
  kubereach explain policy anp/cluster-guard -R manifests/

  # A CiliumNetworkPolicy (cnp/NAMESPACE/NAME) or CiliumClusterwideNetworkPolicy (ccnp/NAME)
  kubereach explain policy cnp/dev2/kube-demo examples/tutorial-cilium

  # As a table, one row per rule, only namespace dev2
  kubereach explain -o table -n dev2 examples/tutorial

  # One policy, by name in the namespace given by -n
  kubereach explain policy kube-demo -n dev2 examples/tutorial -o json`;

/**
 * `kubereach explain [PATHS]` and `kubereach explain policy NS/NAME [PATHS]`. `policy` is read
 * as a leading word rather than a commander subcommand so that flags anywhere on the line
 * belong to the verb, as with every other verb.
 */
export function registerExplain(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('explain')
    .usage('[options] [policy NAMESPACE/NAME] [paths...]')
    .description('describe policies in plain words: admin tiers in order, NetworkPolicies per target')
    .argument(
      '[paths...]',
      'manifest files or directories (- for stdin); `policy NS/NAME` first for one policy',
    )
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, ['text', 'table', 'json'], 'text').action(
    async (args: string[], options: CommonOptions) => {
      const single = args[0] === 'policy';
      if (single && args[1] === undefined)
        throw usageError(
          'explain policy needs the policy: NAMESPACE/NAME',
          'e.g. kubereach explain policy dev2/kube-demo examples/tutorial',
        );
      const paths = single ? args.slice(2) : args;
      const style = pickStyle(io, options.color);
      const { cluster, diagnostics } = await loadInput(paths, options, io);
      reportDiagnostics(io, diagnostics, options, style);
      const compiled = compileCluster(cluster, options.cni === undefined ? {} : { cni: options.cni });
      if (single) {
        // a Cilium or admin policy: its description as data (json) or in plain words
        const cilium = findCilium(compiled, args[1]!);
        const admin = cilium === undefined ? findAdminPolicy(cluster, args[1]!) : undefined;
        const described =
          cilium !== undefined
            ? describeCiliumPolicy(compiled, cilium)
            : admin !== undefined
              ? describeAdminPolicy(compiled, admin)
              : undefined;
        if (described !== undefined) {
          const lines =
            'tier' in described ? adminPolicyLines(described, style) : ciliumPolicyLines(described, style);
          io.stdout(
            options.output === 'json' ? `${JSON.stringify(described, null, 2)}\n` : `${lines.join('\n')}\n`,
          );
          setExit(EXIT.ok);
          return;
        }
        const description = describePolicy(compiled, findPolicy(cluster, args[1]!, options.namespace));
        if (options.output === 'json')
          io.stdout(`${JSON.stringify(explainPolicyToJson(description), null, 2)}\n`);
        else if (options.output === 'table') io.stdout(renderTargetsTable(targetsOf(description)));
        else io.stdout(renderPolicyText(description, style));
        setExit(EXIT.ok);
        return;
      }
      const shown =
        options.namespace !== undefined && !options.allNamespaces
          ? cluster.policies.filter((p) => p.namespace === options.namespace)
          : cluster.policies;
      const targets = describePolicies(compiled, shown);
      // cluster-scoped admin policies reach into every namespace: always described, in evaluation order
      const admin = compiled.adminPolicies.map((cp) => describeAdminPolicy(compiled, cp.policy));
      if (options.output === 'json')
        io.stdout(
          `${JSON.stringify({ ...explainTargetsToJson(targets), ...(admin.length === 0 ? {} : { adminPolicies: admin }) }, null, 2)}\n`,
        );
      else if (options.output === 'table') io.stdout(renderTargetsTable(targets));
      else {
        if (admin.length > 0) io.stdout(`${renderAdminPoliciesText(admin, style)}\n\n`);
        io.stdout(renderTargetsText(targets, style));
      }
      setExit(EXIT.ok);
    },
  );
}

/** One policy as the only policy of its target, for the table form. */
function targetsOf(p: PolicyDescription): TargetDescription[] {
  return [
    {
      namespace: p.policy.namespace ?? '',
      podSelector: p.podSelector,
      selects: p.selects,
      ingressIsolatedBy: p.ingress.isolates ? [p.policy.id] : [],
      egressIsolatedBy: p.egress.isolates ? [p.policy.id] : [],
      policies: [p],
    },
  ];
}

/**
 * `cnp/NAMESPACE/NAME` (CiliumNetworkPolicy) or `ccnp/NAME` (CiliumClusterwideNetworkPolicy), if
 * the argument names one (`cnp/NAME`, two parts, is a ClusterNetworkPolicy).
 */
function findCilium(compiled: CompiledCluster, text: string): CiliumPolicy | undefined {
  const parts = text.split('/');
  const cilium = (parts[0] === 'cnp' && parts.length === 3) || (parts[0] === 'ccnp' && parts.length === 2);
  if (!cilium) return undefined;
  const found = findCiliumPolicy(compiled, text);
  if (found !== undefined) return found;
  const known = compiled.cluster.ciliumPolicies.map((p) => p.id);
  throw usageError(
    `no ${parts[0] === 'cnp' ? 'CiliumNetworkPolicy' : 'CiliumClusterwideNetworkPolicy'} ${parts.slice(1).join('/')} in the input`,
    known.length > 0
      ? `Cilium policies in the input: ${known.slice(0, 8).join(', ')}`
      : 'the input has no Cilium policies',
  );
}

/** `anp/NAME`, `banp/NAME` or `cnp/NAME`: a cluster-scoped admin policy, if the input has it. */
function findAdminPolicy(cluster: Cluster, text: string): AdminPolicy | undefined {
  const [prefix, name] = text.split('/', 2);
  if (prefix !== 'anp' && prefix !== 'banp' && prefix !== 'cnp') return undefined;
  const found = cluster.adminPolicies.find((p) => p.id === `${prefix}/${name}`);
  if (found !== undefined) return found;
  const known = cluster.adminPolicies.map((p) => p.id);
  throw usageError(
    `no ${prefix === 'anp' ? 'AdminNetworkPolicy' : prefix === 'banp' ? 'BaselineAdminNetworkPolicy' : 'ClusterNetworkPolicy'} ${name ?? ''} in the input`,
    known.length > 0
      ? `admin policies in the input: ${known.slice(0, 8).join(', ')}`
      : 'the input has no admin policies',
  );
}

function findPolicy(cluster: Cluster, text: string, namespace: string | undefined): NetworkPolicy {
  const [ns, name] = text.includes('/')
    ? (text.split('/', 2) as [string, string])
    : [namespace ?? 'default', text];
  const found = cluster.policies.find((p) => p.namespace === ns && p.name === name);
  if (found !== undefined) return found;
  const sameName = cluster.policies.filter((p) => p.name === name).map((p) => p.id);
  const inNamespace = cluster.policies.filter((p) => p.namespace === ns).map((p) => p.name);
  const hint =
    sameName.length > 0
      ? `found in other namespaces: ${sameName.join(', ')}`
      : inNamespace.length > 0
        ? `${ns} has: ${inNamespace.join(', ')}`
        : cluster.policies.length > 0
          ? `policies in the input: ${cluster.policies
              .slice(0, 8)
              .map((p) => p.id)
              .join(', ')}${cluster.policies.length > 8 ? ', …' : ''}`
          : 'the input has no NetworkPolicies';
  throw usageError(`no NetworkPolicy ${ns}/${name} in the input`, hint);
}
