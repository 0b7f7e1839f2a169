// The studio's engine thread: parses, evaluates and lays out off the page's thread, so typing in
// the editor never waits for the engine.
import ELK from 'elkjs/lib/elk-api.js';
import { readSnapshot } from '../api.js';
import { fixViewOf } from '../builder/fix-view.js';
import { LayoutCache } from '../graph/layout-cache.js';
import { AnalysisPacker } from './delta.js';
import { FilesHeld } from './file-sync.js';
import { parseShared, parseWorkerCount } from './first-parse.js';
import { startParseWorkers } from './parse-workers.js';
import type { PrepareRequest, WorkerRequest, WorkerResponse } from './protocol.js';
import { StudioSession } from './session.js';

const scope = self as unknown as Worker;
const session = new StudioSession(() => performance.now());
/**
 * The layout engine, in a thread of its own started on first use: the first graph (the
 * overview, or any graph the grid lays out) does not wait for it, nor shares the cores with it
 * while the workspace loads.
 */
let elk: InstanceType<typeof ELK> | undefined;
const elkOf = () =>
  (elk ??= new ELK({
    workerFactory: () => new Worker(new URL('./elk.worker.ts', import.meta.url), { type: 'module' }),
  }));
const layouts = new LayoutCache({ layout: (graph) => elkOf().layout(graph) });
// After an edit, the graph parts the page holds already are not copied again.
const packer = new AnalysisPacker();
/**
 * The first layout is slow (the layout engine warms up): its thread does it once the first graph
 * is on its way to the page, before the user opens a namespace.
 */
let warmed = false;
function warmLayout(): void {
  if (warmed) return;
  warmed = true;
  void elkOf().layout({ id: 'warm-up', children: [{ id: 'a', width: 1, height: 1 }], edges: [] });
}

const reply = (message: WorkerResponse) => scope.postMessage(message);
/** The texts the page sent (or the engine loaded), so the page sends only those that changed. */
const held = new FilesHeld();

// Parse workers for the first workspace, started now so they load while the page fetches it.
const parsers = startParseWorkers(parseWorkerCount(navigator.hardwareConcurrency));
let preparing: Promise<Readonly<Record<string, number>>> | undefined;

/**
 * Evaluates the first workspace, its YAML parsed on every core (see first-parse.ts); the parse
 * workers are let go after it.
 */
async function prepareShared(request: PrepareRequest): Promise<Readonly<Record<string, number>>> {
  const started = performance.now();
  try {
    const parsed = await parseShared(request.files, parsers.runners, (f) => session.parseAhead(f));
    session.adoptParsed(request.files, parsed);
  } finally {
    parsers.stop();
  }
  const parse = performance.now() - started;
  const phases = session.prepare(request.files, request.cni);
  return { ...phases, parse: parse + (phases.parse ?? 0) };
}

// The engine's requests (layouts go to the layout engine's own thread).
scope.onmessage = async (event: MessageEvent<WorkerRequest>) => {
  const message = event.data;
  try {
    // Whatever comes after the first workspace waits for its evaluation (which awaits the
    // parse workers), so nothing parses it a second time.
    if (message.type !== 'prepare' && message.type !== 'load' && preparing !== undefined)
      await preparing.catch(() => undefined);
    if (message.type === 'analyze') {
      const result = session.analyze({ ...message.request, files: held.decode(message.request.files) });
      const started = performance.now();
      const layout = await layouts.layoutOf(result.graph);
      const phases = { ...result.stats.phases, layout: performance.now() - started };
      const { packed, commit } = packer.pack({ ...result, stats: { ...result.stats, phases } });
      reply({ type: 'analysis', id: message.id, packed, layout });
      commit();
      warmLayout();
    } else if (message.type === 'fix') {
      reply({ type: 'fixes', id: message.id, result: fixViewOf(message.query) });
    } else if (message.type === 'prepare') {
      preparing = prepareShared(message.request);
      const phases = await preparing;
      reply({ type: 'prepared', id: message.id, phases });
    } else if (message.type === 'load') {
      // The snapshot as the page fetched it: read here, evaluated at once.
      const started = performance.now();
      const snapshot = readSnapshot(message.bytes);
      const files = snapshot.files.map((f) => ({ name: f.name, text: f.text }));
      held.held(files);
      const read = performance.now() - started;
      preparing = prepareShared({
        files,
        ...(snapshot.cni === undefined ? {} : { cni: snapshot.cni }),
      });
      const phases = await preparing;
      reply({ type: 'prepared', id: message.id, phases: { read, ...phases } });
    } else if (message.type === 'changes') {
      const { changes, drawn } = session.changesAfterGraph();
      const redrawn =
        drawn === undefined
          ? undefined
          : {
              view: drawn.view,
              graph: drawn.graph,
              layout: await layouts.layoutOf(drawn.graph),
              omittedEdges: drawn.omitted,
              ...(drawn.notice === undefined ? {} : { notice: drawn.notice }),
            };
      reply({
        type: 'changes',
        id: message.id,
        result: redrawn === undefined ? { changes } : { changes, redrawn },
      });
    } else if (message.type === 'lint') {
      const started = performance.now();
      const result = session.lint(message.request);
      reply({ type: 'lint', id: message.id, result: { ...result, millis: performance.now() - started } });
    } else {
      reply({ type: 'explanation', id: message.id, result: session.explain(message.query) });
    }
  } catch (err) {
    reply({
      type: 'error',
      id: message.id,
      message: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    });
  }
};
