/**
 * The AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1) conformance scenarios of
 * kubernetes-sigs/network-policy-api, every probe (test/fixtures/admin/conformance.ts).
 */
import { describeConformance } from '../support/admin-conformance.js';

describeConformance('v1alpha1', 'naive');
describeConformance('v1alpha1', 'engine');
