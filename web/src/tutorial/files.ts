// The tutorial's manifests, bundled into the page so tutorial mode works whatever is served.

import httpEcho from '../../../examples/tutorial/http-echo.yaml?raw';
import namespaces from '../../../examples/tutorial/namespaces.yaml?raw';
import pods from '../../../examples/tutorial/pods.yaml?raw';
import denyAll from '../../../examples/tutorial/policy-deny-all.yaml?raw';
import kubeDemo from '../../../examples/tutorial/policy-kube-demo.yaml?raw';
import ciliumDenyAll from '../../../examples/tutorial-cilium/policy-deny-all.yaml?raw';
import ciliumKubeDemo from '../../../examples/tutorial-cilium/policy-kube-demo.yaml?raw';
import { type TutorialDialect, type TutorialFile, tutorialFileName } from './steps.js';

export const TUTORIAL_TEXTS: Readonly<Record<TutorialFile, string>> = {
  'namespaces.yaml': namespaces,
  'pods.yaml': pods,
  'policy-deny-all.yaml': denyAll,
  'policy-kube-demo.yaml': kubeDemo,
  'http-echo.yaml': httpEcho,
};

/** The policies of examples/tutorial-cilium: the same two, as CiliumNetworkPolicies. */
const CILIUM_TEXTS: Readonly<Partial<Record<TutorialFile, string>>> = {
  'policy-deny-all.yaml': ciliumDenyAll,
  'policy-kube-demo.yaml': ciliumKubeDemo,
};

/** A tutorial manifest in a dialect: its workspace name and its text. */
export function tutorialText(file: TutorialFile, dialect: TutorialDialect): { name: string; text: string } {
  const text = (dialect === 'cilium' ? CILIUM_TEXTS[file] : undefined) ?? TUTORIAL_TEXTS[file];
  return { name: tutorialFileName(file, dialect), text };
}
