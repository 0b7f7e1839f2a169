/**
 * The same scenarios as ClusterNetworkPolicy (v1alpha2) in the Admin and Baseline tiers: the
 * conformance suites of kubernetes-sigs/network-policy-api for v1alpha2 are these scenarios in
 * the newer API (Accept for Allow, protocols for ports, any number of baseline policies).
 */
import { describeConformance } from '../support/admin-conformance.js';

describeConformance('v1alpha2', 'naive');
describeConformance('v1alpha2', 'engine');
