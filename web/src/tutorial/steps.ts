import type { CheckVerdict } from '../../../src/engine/check.js';
import type { ExplanationView } from '../explain/types.js';

/** The manifests of examples/tutorial, in the order the tutorial applies them. */
export const TUTORIAL_FILES = [
  'namespaces.yaml',
  'pods.yaml',
  'policy-deny-all.yaml',
  'policy-kube-demo.yaml',
  'http-echo.yaml',
] as const;
export type TutorialFile = (typeof TUTORIAL_FILES)[number];

/**
 * The policy language the tutorial's two policies are written in: NetworkPolicy
 * (examples/tutorial) or CiliumNetworkPolicy (examples/tutorial-cilium); the cluster is the same.
 */
export type TutorialDialect = 'networkpolicy' | 'cilium';

/** The files whose text depends on the dialect: the two policies. */
const POLICY_FILES: ReadonlySet<TutorialFile> = new Set(['policy-deny-all.yaml', 'policy-kube-demo.yaml']);

/** The workspace name of a tutorial manifest: under the example folder it comes from. */
export function tutorialFileName(file: TutorialFile, dialect: TutorialDialect): string {
  return `${dialect === 'cilium' && POLICY_FILES.has(file) ? 'tutorial-cilium' : 'tutorial'}/${file}`;
}

/** A `kubectl exec … curl` of the tutorial, answered by the engine. */
export interface TutorialProbe {
  /** Source and destination as `check` takes them. */
  readonly from: string;
  readonly to: string;
  /** Omitted: curl's default, 80. */
  readonly port?: number;
  readonly command: string;
  /** What the server answers when the connection is allowed. */
  readonly reply: string;
  /** The verdict the tutorial teaches (tests hold the engine to it). */
  readonly expect: CheckVerdict;
}

export interface TutorialStep {
  readonly id: string;
  readonly title: string;
  /** Paragraphs. */
  readonly text: readonly string[];
  /** The kubectl commands of this step, as the tutorial runs them. */
  readonly commands: readonly string[];
  /** The manifests applied so far. */
  readonly files: readonly TutorialFile[];
  readonly probe?: TutorialProbe;
  /** What the probe's result teaches, shown with it. */
  readonly lesson?: string;
  /** The text and lesson where the Cilium dialect tells it differently. */
  readonly cilium?: { readonly text?: readonly string[]; readonly lesson?: string };
  /**
   * Where NetworkPolicy and CiliumNetworkPolicy part ways at this step (`- {}`, ANY vs TCP,
   * namespace labels), shown in either dialect.
   */
  readonly differs?: readonly string[];
}

/** A step as told in a dialect: the Cilium text and lesson where the step has them. */
export function stepIn(step: TutorialStep, dialect: TutorialDialect): TutorialStep {
  if (dialect !== 'cilium' || step.cilium === undefined) return step;
  return {
    ...step,
    ...(step.cilium.text === undefined ? {} : { text: step.cilium.text }),
    ...(step.cilium.lesson === undefined ? {} : { lesson: step.cilium.lesson }),
  };
}

const NGINX = '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n…\n</html>';
const BASE: readonly TutorialFile[] = ['namespaces.yaml', 'pods.yaml'];
const DENY: readonly TutorialFile[] = [...BASE, 'policy-deny-all.yaml'];
const DEMO: readonly TutorialFile[] = [...DENY, 'policy-kube-demo.yaml'];
const ECHO: readonly TutorialFile[] = [...DEMO, 'http-echo.yaml'];

/**
 * The seed tutorial ("Why are network policies in Kubernetes so hard to understand?") as
 * guided steps: each step sets the manifests applied so far; probes run through the engine.
 */
export const TUTORIAL_STEPS: readonly TutorialStep[] = [
  {
    id: 'pods',
    title: 'Namespaces and pods',
    text: [
      'Two namespaces, dev1 and dev2, each with an nginx pod (demo1 and demo2), and a third pod in default.',
      'No NetworkPolicy exists yet, so no pod is isolated: every pod can reach every other pod, in any namespace. The graph shows every pod connected to every other one.',
    ],
    commands: [
      'kubectl create ns dev1',
      'kubectl create ns dev2',
      'kubectl run demo1 --image=nginx -n dev1',
      'kubectl run demo2 --image=nginx -n dev2',
      'kubectl run default --image=nginx',
    ],
    files: BASE,
  },
  {
    id: 'probe-open',
    title: 'Probe: demo1 curls demo2',
    text: ['From demo1 in dev1, curl the IP of demo2 in dev2 on port 80.'],
    commands: [],
    files: BASE,
    probe: {
      from: 'dev1/demo1',
      to: '10.0.1.185',
      command: 'kubectl exec demo1 -n dev1 -- curl 10.0.1.185',
      reply: NGINX,
      expect: 'allowed',
    },
    lesson: 'No policy selects demo2, so it is not isolated for ingress: everything may come in.',
  },
  {
    id: 'deny-all',
    title: 'Apply deny-all in dev2',
    text: [
      'podSelector {} selects every pod of dev2; policyTypes [Ingress] isolates them for ingress. The policy has no ingress rules, so nothing is allowed in.',
      'Egress is not listed in policyTypes: what dev2 pods send is not restricted.',
    ],
    cilium: {
      text: [
        'endpointSelector {} selects every pod of dev2 (a CiliumNetworkPolicy never selects outside its namespace). Having an ingress section isolates them for ingress; its one item, {}, matches no peer, so nothing is allowed in.',
        'There is no egress section: what dev2 pods send is not restricted.',
      ],
    },
    differs: [
      '`ingress: [{}]` means opposite things: in a CiliumNetworkPolicy the empty item matches nothing (a default deny); in a NetworkPolicy `- {}` is a rule without from and ports, which allows everything. NetworkPolicy writes deny-all as policyTypes [Ingress] with no rules.',
    ],
    commands: ['kubectl apply -f policy-deny-all.yaml'],
    files: DENY,
  },
  {
    id: 'probe-denied',
    title: 'Probe again',
    text: ['The same curl, with a 5 second timeout.'],
    commands: [],
    files: DENY,
    probe: {
      from: 'dev1/demo1',
      to: '10.0.1.185',
      command: 'kubectl exec demo1 -n dev1 -- curl --connect-timeout 5 10.0.1.185',
      reply: NGINX,
      expect: 'denied',
    },
    lesson:
      'demo2 is now isolated for ingress by deny-all, and no rule of any policy that selects it allows demo1: the packets are dropped and curl times out.',
  },
  {
    id: 'kube-demo',
    title: 'Apply kube-demo: allow dev1 on TCP 80',
    text: [
      'kube-demo selects every pod of dev2 and allows ingress from every pod in namespaces labelled kubernetes.io/metadata.name=dev1, on TCP port 80.',
      'Policies add up and order never matters: deny-all isolates, kube-demo allows exactly this traffic in.',
    ],
    cilium: {
      text: [
        'kube-demo selects every pod of dev2 and allows ingress from endpoints whose label k8s:io.kubernetes.pod.namespace is dev1, on port 80 with protocol TCP.',
        'Policies add up and order never matters: deny-all isolates, kube-demo allows exactly this traffic in.',
      ],
    },
    differs: [
      'Namespaces: NetworkPolicy selects them with a namespaceSelector on namespace labels (kubernetes.io/metadata.name); Cilium names them with the pod label k8s:io.kubernetes.pod.namespace, and fromEndpoints without it selects pods of the policy namespace only.',
      'Protocol: a NetworkPolicy port without protocol is TCP; a Cilium port without protocol is ANY (TCP, UDP and SCTP). Both kube-demo files write TCP, so UDP 80 stays closed in both.',
    ],
    commands: ['kubectl apply -f policy-kube-demo.yaml'],
    files: DEMO,
  },
  {
    id: 'probe-allowed',
    title: 'Probe: dev1 → dev2 on port 80',
    text: ['demo1 curls demo2 again.'],
    commands: [],
    files: DEMO,
    probe: {
      from: 'dev1/demo1',
      to: '10.0.1.185',
      command: 'kubectl exec demo1 -n dev1 -- curl --connect-timeout 5 10.0.1.185',
      reply: NGINX,
      expect: 'allowed',
    },
    lesson: "kube-demo's rule spec.ingress[0] matches namespace dev1 and opens TCP 80.",
  },
  {
    id: 'probe-default',
    title: 'Probe from the default namespace',
    text: ['The pod in the default namespace curls demo2 on port 80.'],
    commands: [],
    files: DEMO,
    probe: {
      from: 'default/default',
      to: '10.0.1.185',
      command: 'kubectl exec default -- curl --connect-timeout 5 10.0.1.185',
      reply: NGINX,
      expect: 'denied',
    },
    lesson:
      "The namespaceSelector asks for kubernetes.io/metadata.name=dev1; namespace default carries kubernetes.io/metadata.name=default. No rule matches, so deny-all's isolation stands.",
    cilium: {
      lesson:
        "fromEndpoints asks for k8s:io.kubernetes.pod.namespace=dev1; the pod in default carries k8s:io.kubernetes.pod.namespace=default. No rule matches, so deny-all's isolation stands.",
    },
  },
  {
    id: 'http-echo',
    title: 'An echo server on 8080, and its Service',
    text: [
      'http-echo listens on 8080 in dev2. kubectl expose creates a Service with ClusterIP 10.98.167.221 that exposes port 8080.',
    ],
    commands: [
      'kubectl run http-echo --image=hashicorp/http-echo -n dev2 -- -listen=:8080 -text="Hello from http-echo"',
      'kubectl expose pod http-echo -n dev2 --port=8080',
    ],
    files: ECHO,
  },
  {
    id: 'probe-service-no-port',
    title: 'Probe the Service without a port',
    text: ['demo1 curls the Service IP, without a port.'],
    commands: [],
    files: ECHO,
    probe: {
      from: 'dev1/demo1',
      to: '10.98.167.221',
      command: 'kubectl exec demo1 -n dev1 -- curl --connect-timeout 5 10.98.167.221',
      reply: 'Hello from http-echo',
      expect: 'no-such-port',
    },
    lesson:
      'curl uses port 80 when none is given, and the Service exposes only 8080: there is no such service port, so the connection fails before any NetworkPolicy is consulted. It would fail with no policies at all — the timeout is not the policy.',
  },
  {
    id: 'probe-service-8080',
    title: 'Probe the Service on its port',
    text: ['Now with the port the Service exposes: 10.98.167.221:8080 is forwarded to http-echo:8080.'],
    commands: [],
    files: ECHO,
    probe: {
      from: 'dev1/demo1',
      to: '10.98.167.221',
      port: 8080,
      command: 'kubectl exec demo1 -n dev1 -- curl --connect-timeout 5 10.98.167.221:8080',
      reply: 'Hello from http-echo',
      expect: 'denied',
    },
    lesson:
      'This time the policies decide: kube-demo opens only TCP 80, and http-echo listens on 8080. Try it: change port 80 to 8080 in policy-kube-demo.yaml and probe again.',
  },
];

/** What the terminal shows for a probe: the reply, or curl's timeout as in the tutorial. */
export function curlTranscript(probe: TutorialProbe, view: ExplanationView): string {
  const port = probe.port ?? 80;
  if (view.verdict === 'error') return `error: ${view.headline}`;
  if (view.allowed) return probe.reply;
  return `curl: (28) Failed to connect to ${probe.to} port ${port} after 5000 ms: Timeout was reached\ncommand terminated with exit code 28`;
}
