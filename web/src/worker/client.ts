import type { StudioSnapshot } from '../../../src/server/protocol.js';
import { readSnapshot } from '../api.js';
import type { FixQuery, FixView } from '../builder/fix-view.js';
import type { ExplanationView } from '../explain/types.js';
import type { GraphLayout } from '../graph/layout.js';
import type { ProbeQuery } from '../view/types.js';
import { AnalysisUnpacker, type PackedAnalysis } from './delta.js';
import { FilesSent } from './file-sync.js';
import type {
  ChangesResult,
  LintRequest,
  LintResult,
  PrepareRequest,
  SentAnalyzeRequest,
  WorkerRequest,
  WorkerResponse,
} from './protocol.js';
import type { AnalyzeRequest, AnalyzeResult } from './session.js';

export interface Analysis {
  readonly result: AnalyzeResult;
  readonly layout: GraphLayout;
}

/** The engine failed: its message, for the page to show (never an endless "evaluating…"). */
export class EngineError extends Error {
  override readonly name = 'EngineError';
}

/**
 * The page's handle on the engine worker. Analyses are coalesced: while one runs, only the
 * latest request waits, so a burst of keystrokes costs one evaluation per engine turn. A failure
 * in the worker (an exception, or the worker dying) rejects with an EngineError.
 */
export class EngineClient {
  private readonly worker: Worker;
  /** The texts the engine holds, so an analysis sends only those that changed. */
  private readonly sent = new FilesSent();
  private nextId = 1;
  private readonly pending = new Map<number, (r: WorkerResponse) => void>();
  private running = false;
  /** Every analysis answered, in order: each refers to the one before (see AnalysisPacker). */
  private readonly unpacker = new AnalysisUnpacker();
  private queued:
    | {
        request: AnalyzeRequest;
        resolve: (a: Analysis | undefined) => void;
        reject: (e: EngineError) => void;
      }
    | undefined;

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const done = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      done?.(event.data);
    };
    // The worker itself failed (could not load, ran out of memory): answer everything pending.
    const fail = (message: string) => {
      for (const [id, done] of [...this.pending]) {
        this.pending.delete(id);
        done({ type: 'error', id, message });
      }
    };
    this.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      fail(`the engine stopped: ${event.message || 'the worker failed'}`);
    };
    this.worker.onmessageerror = () => fail('the engine sent an answer the page could not read');
  }

  private send(
    message: Omit<WorkerRequest, 'id'> & { type: WorkerRequest['type'] },
  ): Promise<WorkerResponse> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...message, id });
    });
  }

  /** Analyzes; resolves `undefined` when a newer request replaced this one before it ran. */
  analyze(request: AnalyzeRequest): Promise<Analysis | undefined> {
    return new Promise((resolve, reject) => {
      if (this.running) {
        this.queued?.resolve(undefined);
        this.queued = { request, resolve, reject };
        return;
      }
      this.run(request, resolve, reject);
    });
  }

  private run(
    request: AnalyzeRequest,
    resolve: (a: Analysis | undefined) => void,
    reject: (e: EngineError) => void,
  ) {
    this.running = true;
    const sent: SentAnalyzeRequest = { ...request, files: this.sent.encode(request.files) };
    this.send({ type: 'analyze', request: sent } as WorkerRequest).then((response) => {
      this.running = false;
      if (response.type === 'analysis') {
        const unpacked = this.unpack(response.packed);
        if (typeof unpacked === 'string') reject(new EngineError(unpacked));
        else resolve({ result: unpacked, layout: response.layout });
      } else
        reject(
          new EngineError(response.type === 'error' ? response.message : 'unexpected answer from the engine'),
        );
      const next = this.queued;
      this.queued = undefined;
      if (next !== undefined) this.run(next.request, next.resolve, next.reject);
    });
  }

  /** The analysis an answer holds, or what went wrong reading it. */
  private unpack(packed: PackedAnalysis): AnalyzeResult | string {
    try {
      return this.unpacker.unpack(packed);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }

  /** Fix proposals for one connection, each evaluated by the engine on a copy of the files. */
  async fix(query: FixQuery): Promise<FixView> {
    const response = await this.send({ type: 'fix', query } as WorkerRequest);
    if (response.type === 'fixes') return response.result;
    const message =
      response.type === 'error' ? response.message.split('\n')[0]! : 'unexpected answer from the engine';
    return {
      subject: `${query.src} → ${query.dst}`,
      want: query.want,
      before: 'error',
      blocker: message,
      proposals: [],
    };
  }

  /** Lints the last analyzed workspace; rejects with an EngineError when the engine failed. */
  async lint(request: LintRequest): Promise<LintResult> {
    const response = await this.send({ type: 'lint', request } as WorkerRequest);
    if (response.type === 'lint') return response.result;
    throw new EngineError(response.type === 'error' ? response.message : 'unexpected answer from the engine');
  }

  /**
   * Has the engine evaluate the files as loaded while the page builds itself; the first
   * `analyze` then finds that work done. A failure shows in that analysis. Resolves with the
   * milliseconds of each stage of that evaluation.
   */
  async prepare(request: PrepareRequest): Promise<Readonly<Record<string, number>>> {
    const response = await this.send({ type: 'prepare', request } as WorkerRequest);
    return response.type === 'prepared' ? (response.phases ?? {}) : {};
  }

  /**
   * Has the engine evaluate a snapshot at once, from `bytes`, its JSON body as fetched (a copy
   * goes to the engine's thread, which reads it there): resolves with the snapshot, read on the
   * page meanwhile, and a promise of that evaluation's stages, which the first `analyze` finds
   * done. A failure of that evaluation shows in the first analysis.
   */
  load(bytes: ArrayBuffer): {
    snapshot: StudioSnapshot;
    prepared: Promise<Readonly<Record<string, number>>>;
  } {
    const copy = bytes.slice(0);
    const id = this.nextId++;
    const prepared = new Promise<WorkerResponse>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ type: 'load', id, bytes: copy } satisfies WorkerRequest, [copy]);
    }).then((r) => (r.type === 'prepared' ? (r.phases ?? {}) : {}));
    const snapshot = readSnapshot(bytes);
    this.sent.held(snapshot.files);
    return { snapshot, prepared };
  }

  /** The last analysis's changes from its baseline, with the policies responsible. */
  async changes(): Promise<ChangesResult> {
    const response = await this.send({ type: 'changes' } as WorkerRequest);
    if (response.type === 'changes') return response.result;
    throw new EngineError(response.type === 'error' ? response.message : 'unexpected answer from the engine');
  }

  async explain(query: ProbeQuery): Promise<ExplanationView> {
    const response = await this.send({ type: 'explain', query } as WorkerRequest);
    if (response.type === 'explanation') return response.result;
    return {
      src: query.src,
      dst: query.dst,
      port: query.port ?? 80,
      protocol: query.protocol,
      verdict: 'error',
      allowed: false,
      headline: response.type === 'error' ? response.message : 'unexpected answer from the engine',
      lines: [],
    };
  }
}
