import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileCluster } from '../../src/engine/compile.js';
import { buildMatrix } from '../../src/engine/matrix.js';
import { computeReachability } from '../../src/engine/reachability.js';
import { LiveError } from '../../src/live/errors.js';
import { clusterFromSnapshot, type LiveSnapshot } from '../../src/live/snapshot.js';
import { type ClusterWatch, watchCluster } from '../../src/live/watch.js';
import { type FakeApiServer, startFakeApiServer } from './fake-api-server.js';
import {
  asStored,
  eventually,
  manifestObjects,
  scratchDir,
  serverLists,
  TOKEN,
  writeKubeconfig,
} from './support.js';

const dir = 'examples/tutorial';
const NETPOL = '/apis/networking.k8s.io/v1/networkpolicies';
const PODS = '/api/v1/pods';

let server: FakeApiServer;
let scratch: ReturnType<typeof scratchDir>;
let kubeconfig: string;
let watch: ClusterWatch | undefined;

const [denyAll] = manifestObjects([`${dir}/policy-deny-all.yaml`]);
const [kubeDemo] = manifestObjects([`${dir}/policy-kube-demo.yaml`]);

beforeAll(async () => {
  server = await startFakeApiServer({
    token: TOKEN,
    lists: serverLists(manifestObjects([`${dir}/namespaces.yaml`, `${dir}/pods.yaml`])),
    maxRequests: 500,
  });
  scratch = scratchDir();
  kubeconfig = writeKubeconfig(
    scratch.dir,
    [
      { name: 'live', server: server.url, token: TOKEN },
      { name: 'stale', server: server.url, token: 'old' },
    ],
    'live',
  );
});

afterEach(() => {
  watch?.close();
  watch = undefined;
});

afterAll(async () => {
  await server.close();
  scratch.remove();
});

/** Starts a watch recording every update and error. */
async function startWatch() {
  const updates: LiveSnapshot[] = [];
  const errors: LiveError[] = [];
  watch = await watchCluster(
    { kubeconfig, env: {}, debounceMs: 5, retryMs: 10, maxRetryMs: 50, onError: (e) => errors.push(e) },
    (snapshot) => updates.push(snapshot),
  );
  await eventually(() => server.openWatches(NETPOL) === 1 && server.openWatches(PODS) === 1);
  const last = () => updates.at(-1) ?? watch!.current();
  const names = (kind: string) =>
    last()
      .objects.filter((o) => o.kind === kind)
      .map((o) => (o.metadata as { name: string }).name);
  return { updates, errors, last, names };
}

/** Pairs allowed in a snapshot, as `src -> dst`. */
function allowedPairs(snapshot: LiveSnapshot): string[] {
  const compiled = compileCluster(clusterFromSnapshot(snapshot), { cni: 'upstream' });
  const matrix = buildMatrix(computeReachability(compiled), { granularity: 'pod', external: false });
  return matrix.connections.map((c) => `${c.src} -> ${c.dst}`);
}

describe('watchCluster', () => {
  it('reads first, then watches every resource from its list resourceVersion', async () => {
    const before = server.requests.length;
    const { updates, last } = await startWatch();
    expect(updates).toHaveLength(0);
    expect(last().context).toBe('live');
    expect(last().objects.filter((o) => o.kind === 'Pod')).toHaveLength(3);
    const mine = server.requests.slice(before);
    const watches = mine.filter((r) => r.query.watch === 'true');
    expect(new Set(watches.map((r) => r.path)).size).toBe(watches.length);
    expect(watches.map((r) => r.path)).toEqual(expect.arrayContaining([NETPOL, PODS, '/api/v1/namespaces']));
    for (const w of watches)
      expect(w.query).toMatchObject({ resourceVersion: '1000', allowWatchBookmarks: 'true' });
    expect(mine.every((r) => r.method === 'GET')).toBe(true);
  });

  it('ADDED, MODIFIED and DELETED events update the snapshot', async () => {
    const { updates, names, last } = await startWatch();
    expect(allowedPairs(last())).toContain('dev1/demo1 -> dev2/demo2');

    server.emit(NETPOL, 'ADDED', asStored('NetworkPolicy', { ...denyAll! }));
    await eventually(() => names('NetworkPolicy').includes('deny-all'));
    expect(allowedPairs(last())).not.toContain('dev1/demo1 -> dev2/demo2');

    server.emit(NETPOL, 'ADDED', asStored('NetworkPolicy', { ...kubeDemo! }));
    await eventually(() => names('NetworkPolicy').includes('kube-demo'));
    expect(allowedPairs(last())).toContain('dev1/demo1 -> dev2/demo2');
    expect(allowedPairs(last())).not.toContain('default/default -> dev2/demo2');

    // kube-demo now admits every namespace
    const open = structuredClone(kubeDemo!) as { spec: { ingress: { from?: unknown }[] } };
    delete open.spec.ingress[0]!.from;
    server.emit(NETPOL, 'MODIFIED', asStored('NetworkPolicy', open as Record<string, unknown>));
    await eventually(() => allowedPairs(last()).includes('default/default -> dev2/demo2'));

    const count = updates.length;
    server.emit(NETPOL, 'DELETED', asStored('NetworkPolicy', { ...denyAll! }));
    server.emit(NETPOL, 'DELETED', asStored('NetworkPolicy', { ...kubeDemo! }));
    await eventually(() => names('NetworkPolicy').length === 0);
    expect(updates.length).toBeGreaterThan(count);
  });

  it('updates that change nothing kept (status churn) are not reported', async () => {
    const { updates, names } = await startWatch();
    const [demo1] = manifestObjects([`${dir}/pods.yaml`]);
    const churn = asStored('Pod', { ...demo1! });
    (churn.status as Record<string, unknown>).conditions = [{ type: 'Ready', status: 'False' }];
    (churn.metadata as Record<string, unknown>).resourceVersion = '99999';
    server.emit(PODS, 'MODIFIED', churn);
    // time for a (wrong) update of its own, before a real change
    await new Promise((r) => setTimeout(r, 50));
    server.emit(NETPOL, 'ADDED', asStored('NetworkPolicy', { ...denyAll! }));
    await eventually(() => names('NetworkPolicy').includes('deny-all'));
    expect(updates).toHaveLength(1);
  });

  it('a pod counts once it has an IP, and no more once it has finished', async () => {
    const { names } = await startWatch();
    const pod = {
      metadata: { name: 'late', namespace: 'dev1', labels: { run: 'late' } },
      spec: { containers: [{ name: 'late', image: 'nginx' }] },
    };
    server.emit(PODS, 'ADDED', asStored('Pod', { ...pod, status: { phase: 'Pending' } }));
    server.emit(
      PODS,
      'MODIFIED',
      asStored('Pod', { ...pod, status: { phase: 'Running', podIP: '10.0.1.9' } }),
    );
    await eventually(() => names('Pod').includes('late'));
    server.emit(
      PODS,
      'MODIFIED',
      asStored('Pod', { ...pod, status: { phase: 'Succeeded', podIP: '10.0.1.9' } }),
    );
    await eventually(() => !names('Pod').includes('late'));
  });

  it('resumes a watch the server ended, from the last resourceVersion seen', async () => {
    const { names } = await startWatch();
    server.emit(NETPOL, 'ADDED', asStored('NetworkPolicy', { ...denyAll! }));
    await eventually(() => names('NetworkPolicy').includes('deny-all'));
    const before = server.requests.length;
    server.endWatches(NETPOL);
    await eventually(() =>
      server.requests.slice(before).some((r) => r.path === NETPOL && r.query.watch === 'true'),
    );
    const resumed = server.requests.slice(before).find((r) => r.path === NETPOL)!;
    expect(resumed.query.resourceVersion).not.toBe('1000');
    expect(resumed.query.resourceVersion).toBeDefined();
    // no list needed to resume
    expect(server.requests.slice(before).some((r) => r.path === NETPOL && r.query.watch === undefined)).toBe(
      false,
    );
    await eventually(() => server.openWatches(NETPOL) === 1);
    expect(names('NetworkPolicy')).toEqual(['deny-all']);
  });

  it('410 Gone: lists the resource again and carries on watching', async () => {
    const { names } = await startWatch();
    server.setItems(NETPOL, [asStored('NetworkPolicy', { ...kubeDemo! })]);
    const before = server.requests.length;
    server.emit(NETPOL, 'ERROR', {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    server.endWatches(NETPOL);
    await eventually(() => names('NetworkPolicy').includes('kube-demo'));
    expect(server.requests.slice(before).some((r) => r.path === NETPOL && r.query.watch === undefined)).toBe(
      true,
    );
    await eventually(() => server.openWatches(NETPOL) === 1);
    server.setItems(NETPOL, []);
  });

  it('reports failures while watching and retries until the watch is back', async () => {
    const { errors, names } = await startWatch();
    server.fail(PODS, { type: 'forbidden' });
    server.endWatches(PODS);
    await eventually(() => errors.length >= 2);
    expect(errors[0]).toBeInstanceOf(LiveError);
    expect(errors[0]!.message).toBe('forbidden: cannot watch pods at cluster scope');
    server.fail(PODS, undefined);
    await eventually(() => server.openWatches(PODS) === 1);
    expect(names('Pod')).toHaveLength(3);
  });

  it('close() ends every watch; nothing is reported afterwards', async () => {
    const { updates } = await startWatch();
    watch!.close();
    await eventually(() => server.openWatches(NETPOL) === 0 && server.openWatches(PODS) === 0);
    const count = server.requests.length;
    server.emit(NETPOL, 'ADDED', asStored('NetworkPolicy', { ...denyAll! }));
    await new Promise((r) => setTimeout(r, 50));
    expect(updates).toHaveLength(0);
    expect(server.requests.length).toBe(count);
  });

  it('an initial read that fails rejects with the LiveError of readCluster', async () => {
    await expect(watchCluster({ kubeconfig, context: 'stale', env: {} }, () => {})).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });
});
