// The tutorial's manifests, bundled into the page so tutorial mode works whatever is served.
import httpEcho from '../../../examples/tutorial/http-echo.yaml?raw';
import namespaces from '../../../examples/tutorial/namespaces.yaml?raw';
import pods from '../../../examples/tutorial/pods.yaml?raw';
import denyAll from '../../../examples/tutorial/policy-deny-all.yaml?raw';
import kubeDemo from '../../../examples/tutorial/policy-kube-demo.yaml?raw';
import type { TutorialFile } from './steps.js';

export const TUTORIAL_TEXTS: Readonly<Record<TutorialFile, string>> = {
  'namespaces.yaml': namespaces,
  'pods.yaml': pods,
  'policy-deny-all.yaml': denyAll,
  'policy-kube-demo.yaml': kubeDemo,
  'http-echo.yaml': httpEcho,
};
