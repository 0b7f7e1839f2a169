import { type LiveResource, resourceName } from './resources.js';

/** Why a live cluster could not be read. */
export type LiveFailureCode =
  | 'NO_KUBECONFIG'
  | 'BAD_KUBECONFIG'
  | 'NO_CONTEXT'
  | 'CREDENTIALS'
  | 'UNREACHABLE'
  | 'TLS'
  | 'TIMEOUT'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_SERVED'
  | 'PARTIAL_LIST'
  | 'SERVER_ERROR';

/**
 * Reading the cluster failed as a whole: a one-line message naming the server, context or
 * permission concerned, and a hint. Fatal I/O, so it is thrown; the CLI maps it to exit 3.
 */
export class LiveError extends Error {
  constructor(
    readonly code: LiveFailureCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'LiveError';
  }
}

/** What was being asked when a request failed, for messages. */
export interface RequestSubject {
  /** Always `list` or `watch` for resources; `get` for discovery. */
  readonly verb: 'list' | 'watch' | 'get';
  readonly resource?: LiveResource;
  /** The URL path, for requests that are not about a resource (discovery). */
  readonly path: string;
}

/** Where requests go, for messages. */
export interface Endpoint {
  readonly server: string;
  readonly context: string;
}

/** Hint shared by every permission problem. */
export const RBAC_HINT =
  'kubereach needs list (and watch, for serve) on it cluster-wide; the ClusterRole kubereach-reader ' +
  '(README, examples/rbac/kubereach-reader.yaml) grants exactly what it reads';

/** `list networkpolicies.networking.k8s.io at cluster scope` or `get /apis/cilium.io/v2`. */
export function describeRequest(subject: RequestSubject): string {
  if (subject.resource === undefined) return `${subject.verb} ${subject.path}`;
  return `${subject.verb} ${scopedName(subject.resource)}`;
}

/** `pods at cluster scope`, `endpoints default/kubernetes`. */
function scopedName(resource: LiveResource): string {
  return resource.only === undefined
    ? `${resourceName(resource)} at cluster scope`
    : `${resourceName(resource)} ${resource.only.namespace}/${resource.only.name}`;
}

/** A Kubernetes `Status` body, as far as messages need it. */
interface StatusBody {
  readonly message?: string;
  readonly reason?: string;
}

function readStatus(text: string): StatusBody {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      return {
        ...(typeof v.message === 'string' ? { message: v.message } : {}),
        ...(typeof v.reason === 'string' ? { reason: v.reason } : {}),
      };
    }
  } catch {
    // not a Status: some proxies answer with HTML or plain text
  }
  return {};
}

const STATUS_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusLine(status: number): string {
  const text = STATUS_TEXT[status];
  return text === undefined ? `HTTP ${status}` : `${status} ${text}`;
}

/** One line of a server-provided text, cut to a length a terminal line can hold. */
export function oneLine(text: string, max = 200): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Credential-looking parts of a text taken out: Authorization headers, bearer and basic
 * credentials, JSON web tokens, `token=`/`password:`-style pairs, kubeconfig key data and
 * passwords in URLs. For texts a server or a credential plugin wrote, which may echo what they
 * were sent (a proxy that returns the request headers in its error).
 */
export function redactCredentials(text: string): string {
  return (
    text
      // Authorization: Bearer x / "authorization":["Basic x"] — the whole value
      .replace(/(\b(?:proxy-)?authorization\b["']?\s*[:=]\s*\[?\s*["']?)[^"'\],;\r\n]*/gi, '$1[redacted]')
      .replace(/\b(bearer|basic|negotiate)\s+[A-Za-z0-9._~+/=-]{6,}/gi, '$1 [redacted]')
      .replace(/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[redacted]')
      .replace(
        /(\b[\w-]*(?:token|password|passwd|secret|api[-_]?key|client[-_]key[-_]data|credential)s?["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
        '$1[redacted]',
      )
      .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s:@]+:[^/\s@]+@/gi, '$1[redacted]@')
  );
}

/** One line of a text from the server or a plugin, credentials taken out. */
export function serverText(text: string, max = 200): string {
  return oneLine(redactCredentials(text), max);
}

/** The error for an answer that is not a success: its status and the Status `message`, nothing more. */
export function errorForStatus(
  status: number,
  body: string,
  subject: RequestSubject,
  at: Endpoint,
): LiveError {
  const what = describeRequest(subject);
  const detail = readStatus(body);
  const context = `context "${at.context}"`;
  switch (status) {
    case 401:
      return new LiveError(
        'UNAUTHORIZED',
        `the API server ${at.server} rejected the credentials of ${context} (401 Unauthorized)`,
        `the token or client certificate may have expired; log in again and check with: kubectl --context ${at.context} get namespaces`,
      );
    case 403: {
      const who = /\b(User|user) "([^"]*)"/.exec(detail.message ?? '')?.[2];
      return new LiveError(
        'FORBIDDEN',
        `forbidden: cannot ${what}${who === undefined ? '' : ` (as ${JSON.stringify(who)})`}`,
        RBAC_HINT,
      );
    }
    case 404:
      return new LiveError(
        'NOT_SERVED',
        `the API server ${at.server} does not serve ${subject.resource === undefined ? subject.path : resourceName(subject.resource)} (404 Not Found)`,
        'kubereach reads clusters running Kubernetes 1.21 or later',
      );
    case 410:
      return new LiveError(
        'PARTIAL_LIST',
        `incomplete read: the paged ${what} expired before it was complete (410 Gone)`,
        'the cluster changed faster than it could be read; run the command again',
      );
    default:
      return new LiveError(
        'SERVER_ERROR',
        `the API server ${at.server} answered ${statusLine(status)} to ${what}${detail.message === undefined ? '' : `: ${serverText(detail.message)}`}`,
        status === 429 || status >= 500
          ? 'the API server is overloaded or unwell; try again shortly'
          : 'this is unexpected from a Kubernetes API server; is the server URL of the kubeconfig right?',
      );
  }
}

/** Several resources were forbidden: one message naming them all. */
export function mergeForbidden(errors: readonly LiveError[], subjects: readonly RequestSubject[]): LiveError {
  const who = /\(as ("[^"]*")\)$/.exec(errors[0]?.message ?? '')?.[1];
  const resources = subjects.flatMap((s) => (s.resource === undefined ? [] : [s.resource]));
  const wide = resources.filter((r) => r.only === undefined).map(resourceName);
  const named = resources.filter((r) => r.only !== undefined).map(scopedName);
  const listed = [...(wide.length === 0 ? [] : [`${wide.join(', ')} at cluster scope`]), ...named];
  return new LiveError(
    'FORBIDDEN',
    `forbidden: cannot list ${listed.join(', ')}${who === undefined ? '' : ` (as ${who})`}`,
    RBAC_HINT,
  );
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/** TLS failures (node's codes for certificate and handshake problems). */
function isTlsCode(code: string): boolean {
  return /CERT|SELF_SIGNED|UNABLE_TO_|ALTNAME|TLS|SSL|EPROTO/.test(code) && !UNREACHABLE_CODES.has(code);
}

/**
 * The error for a request that got no (complete) answer: refused or unresolvable server, TLS
 * problems, a timeout, or an answer cut short.
 */
export function errorForTransport(
  err: unknown,
  subject: RequestSubject,
  at: Endpoint,
  timeoutMs: number,
  answered: boolean,
): LiveError {
  if (err instanceof LiveError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: string;
    code?: string;
    errno?: string;
    type?: string;
    message?: string;
  };
  const what = describeRequest(subject);
  const check = `kubectl --context ${at.context} cluster-info`;
  if (e.name === 'AbortError' || e.name === 'TimeoutError' || e.type === 'aborted') {
    return new LiveError(
      'TIMEOUT',
      `the API server ${at.server} did not ${answered ? 'finish answering' : 'answer'} ${what} within ${formatSeconds(timeoutMs)}`,
      `--request-timeout raises the limit; check the server with: ${check}`,
    );
  }
  const code = e.code ?? e.errno ?? '';
  const reason =
    code === 'ERR_STREAM_PREMATURE_CLOSE'
      ? 'the connection closed before the answer was complete'
      : serverText(/reason: (.*)$/s.exec(e.message ?? '')?.[1] ?? e.message ?? String(err));
  if (answered || code === 'ERR_STREAM_PREMATURE_CLOSE' || e.type === 'invalid-json') {
    return new LiveError(
      'PARTIAL_LIST',
      `incomplete answer from the API server ${at.server} to ${what}: ${reason}`,
      'the connection broke while reading; run the command again',
    );
  }
  if (isTlsCode(code)) {
    return new LiveError(
      'TLS',
      `TLS error talking to the API server ${at.server} (context "${at.context}"): ${reason}`,
      'the certificate-authority data of the kubeconfig cluster may not match the server',
    );
  }
  return new LiveError(
    'UNREACHABLE',
    `cannot reach the API server ${at.server} (context "${at.context}"): ${reason}`,
    `is the cluster running and the kubeconfig current? check with: ${check}`,
  );
}

/** `30s`, `1.5s`, `250ms`. */
export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms}ms` : `${Number((ms / 1000).toFixed(1))}s`;
}
