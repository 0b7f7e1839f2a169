/**
 * Syntax checks the API server applies to names and labels (k8s.io/apimachinery
 * pkg/util/validation). Each returns an error message, or undefined when valid.
 */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

/** `IsDNS1123Label`: namespace names, service names. */
export function checkDns1123Label(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(value))
    return "must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
  return undefined;
}

const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/** `IsDNS1035Label`: service names (they become DNS names and environment variable prefixes). */
export function checkDns1035Label(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!DNS1035_LABEL.test(value))
    return "must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
  return undefined;
}

/** `IsDNS1123Subdomain`: names of most objects (pods, workloads, policies). */
export function checkDns1123Subdomain(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(value))
    return "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

// Clusters repeat the same few label keys and values thousands of times: remember valid ones.
const validKeys = new Set<string>();
const validValues = new Set<string>();
const CACHE_LIMIT = 65_536;

function remember(cache: Set<string>, value: string): undefined {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.add(value);
  return undefined;
}

/** `IsQualifiedName`: label keys, `[prefix/]name`. */
export function checkLabelKey(key: string): string | undefined {
  if (validKeys.has(key)) return undefined;
  const err = checkQualifiedName(key);
  return err === undefined ? remember(validKeys, key) : err;
}

function checkQualifiedName(key: string): string | undefined {
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) return 'prefix part must be non-empty';
    const err = checkDns1123Subdomain(prefix);
    if (err !== undefined) return `prefix part ${err}`;
  } else if (parts.length > 2) {
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name))
    return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/** `IsValidLabelValue`: empty, or up to 63 characters of `[A-Za-z0-9-_.]` starting and ending alphanumeric. */
export function checkLabelValue(value: string): string | undefined {
  if (validValues.has(value)) return undefined;
  const err = checkLabelValueSyntax(value);
  return err === undefined ? remember(validValues, value) : err;
}

function checkLabelValueSyntax(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value))
    return "must be empty or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
  return undefined;
}

/** `IsValidPortName` (IANA_SVC_NAME): named container and policy ports. */
export function checkPortName(value: string): string | undefined {
  if (value.length === 0 || value.length > 15) return 'must be no more than 15 characters';
  if (!IANA_SVC_NAME.test(value))
    return "must contain only lower-case letters, digits and '-', starting and ending alphanumeric";
  if (value.includes('--')) return "must not contain consecutive hyphens ('--')";
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  return undefined;
}

/** `IsValidPortNum`. */
export function checkPortNumber(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 1 || value > 65535) return 'must be between 1 and 65535, inclusive';
  return undefined;
}
