import type { KubeConfig } from '@kubernetes/client-node';
import { isRecord } from '../model/fields.js';
import { VERSION } from '../version.js';
import {
  type Endpoint,
  errorForStatus,
  errorForTransport,
  LiveError,
  type RequestSubject,
  serverText,
} from './errors.js';
import type { ClientLibrary } from './library.js';
import { groupVersionPath, type LiveResource, listPath, listSelectors } from './resources.js';

/** Requests per list page: large enough to read a big cluster in few round trips. */
export const DEFAULT_PAGE_SIZE = 500;
/** How long credentials (a token from an exec plugin, say) are reused before being asked again. */
const CREDENTIALS_TTL_MS = 60_000;
/** Per request, as kubectl's --request-timeout. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** A read-only client: GET requests only, through the library's transport and authentication. */
export interface ApiClient {
  readonly at: Endpoint;
  readonly timeoutMs: number;
  /** GETs `path` and parses the JSON answer; a non-2xx answer or no answer throws LiveError. */
  getJson(path: string, query: Readonly<Record<string, string>>, subject: RequestSubject): Promise<unknown>;
}

/** Creates a client for the current context of `kc`. */
export function createApiClient(
  lib: ClientLibrary,
  kc: KubeConfig,
  at: Endpoint,
  timeoutMs: number,
): ApiClient {
  const http = new lib.IsomorphicFetchHttpLibrary();
  // Credentials are fetched once and shared by the requests of a read: an exec plugin (aws eks
  // get-token, gke-gcloud-auth-plugin) then runs once, not once per request, and the requests share
  // one agent. They are renewed after CREDENTIALS_TTL_MS.
  let credentials: Promise<{ headers: Record<string, string>; agent: unknown }> | undefined;
  let fetchedAt = 0;
  const authenticate = () => {
    if (credentials === undefined || Date.now() - fetchedAt > CREDENTIALS_TTL_MS) {
      fetchedAt = Date.now();
      const probe = new lib.RequestContext(at.server, lib.HttpMethod.GET);
      const pending = kc.applySecurityAuthentication(probe).then(
        () => ({ headers: probe.getHeaders(), agent: probe.getAgent() }),
        (err: unknown) => {
          credentials = undefined;
          const message = err instanceof Error ? err.message : String(err);
          if (/HTTP protocol is not allowed/.test(message)) {
            throw new LiveError(
              'BAD_KUBECONFIG',
              `the server of context "${at.context}" is ${at.server}: plain http needs insecure-skip-tls-verify: true on its cluster in the kubeconfig`,
              'the client library refuses http:// otherwise (kubectl proxy serves http://127.0.0.1:8001)',
            );
          }
          throw new LiveError(
            'CREDENTIALS',
            `cannot get credentials for context "${at.context}": ${serverText(message) || 'the credential plugin failed'}`,
            `check the user of the context with: kubectl --context ${at.context} get namespaces`,
          );
        },
      );
      credentials = pending;
    }
    return credentials;
  };
  return {
    at,
    timeoutMs,
    async getJson(path, query, subject) {
      const url = new URL(`${at.server}${path}`);
      for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
      const request = new lib.RequestContext(url.toString(), lib.HttpMethod.GET);
      // Token, client certificate, exec plugin or auth provider, as the kubeconfig says.
      const { headers, agent } = await authenticate();
      for (const [k, v] of Object.entries(headers)) request.setHeaderParam(k, v);
      if (agent !== undefined) request.setAgent(agent as Parameters<typeof request.setAgent>[0]);
      request.setHeaderParam('Accept', 'application/json');
      request.setHeaderParam('User-Agent', `kubereach/${VERSION}`);
      if (timeoutMs > 0) request.setSignal(AbortSignal.timeout(timeoutMs));
      let answered = false;
      try {
        const response = await http.send(request).toPromise();
        answered = true;
        const text = await response.body.text();
        if (response.httpStatusCode < 200 || response.httpStatusCode > 299)
          throw errorForStatus(response.httpStatusCode, text, subject, at);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new LiveError(
            'PARTIAL_LIST',
            `incomplete answer from the API server ${at.server} to ${subject.verb} ${subject.path}: the JSON is cut short or malformed`,
            'the connection broke while reading, or a proxy answered instead of the API server; run the command again',
          );
        }
      } catch (err) {
        throw errorForTransport(err, subject, at, timeoutMs, answered);
      }
    },
  };
}

/** The items of a complete list, and the resourceVersion to watch from. */
export interface ListResult {
  readonly items: readonly Record<string, unknown>[];
  readonly resourceVersion: string;
}

/**
 * Lists every object of a resource across all namespaces, page by page (`limit`/`continue`, as
 * kubectl does), and checks each page is a well-formed list.
 */
export async function listAll(
  client: ApiClient,
  resource: LiveResource,
  pageSize: number,
): Promise<ListResult> {
  const path = listPath(resource);
  const subject: RequestSubject = { verb: 'list', resource, path };
  const items: Record<string, unknown>[] = [];
  let token = '';
  let resourceVersion = '';
  // A page must move on; a server repeating a continue token would loop forever.
  const seen = new Set<string>();
  for (;;) {
    const query: Record<string, string> = { ...listSelectors(resource), limit: String(pageSize) };
    if (token !== '') query.continue = token;
    const page = await client.getJson(path, query, subject);
    const list = readList(page);
    if (list === undefined) {
      throw new LiveError(
        'PARTIAL_LIST',
        `incomplete answer from the API server ${client.at.server} to list ${path}: not a list of ${resource.kind} objects`,
        'is the server URL of the kubeconfig a Kubernetes API server?',
      );
    }
    items.push(...list.items);
    if (resourceVersion === '') resourceVersion = list.resourceVersion;
    if (list.continue === '') break;
    if (seen.has(list.continue)) {
      throw new LiveError(
        'PARTIAL_LIST',
        `incomplete answer from the API server ${client.at.server} to list ${path}: the same page came twice`,
      );
    }
    seen.add(list.continue);
    token = list.continue;
  }
  return { items, resourceVersion };
}

function readList(
  value: unknown,
): { items: Record<string, unknown>[]; resourceVersion: string; continue: string } | undefined {
  if (!isRecord(value) || !Array.isArray(value.items)) return undefined;
  if (!value.items.every(isRecord)) return undefined;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  return {
    items: value.items,
    resourceVersion: typeof metadata.resourceVersion === 'string' ? metadata.resourceVersion : '',
    continue: typeof metadata.continue === 'string' ? metadata.continue : '',
  };
}

/**
 * The resources a group version serves, from discovery; `undefined` when the API server does not
 * serve the group version at all (no CRD installed), which is normal for optional resources.
 */
export async function discoverResources(
  client: ApiClient,
  resource: LiveResource,
): Promise<ReadonlySet<string> | undefined> {
  const path = groupVersionPath(resource);
  try {
    const value = await client.getJson(path, {}, { verb: 'get', path });
    const names = new Set<string>();
    if (isRecord(value) && Array.isArray(value.resources)) {
      for (const r of value.resources) if (isRecord(r) && typeof r.name === 'string') names.add(r.name);
    }
    return names;
  } catch (err) {
    if (err instanceof LiveError && err.code === 'NOT_SERVED') return undefined;
    throw err;
  }
}
