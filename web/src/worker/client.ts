import type { FixQuery, FixView } from '../builder/fix-view.js';
import type { ExplanationView } from '../explain/types.js';
import type { GraphLayout } from '../graph/layout.js';
import type { ProbeQuery } from '../view/types.js';
import type { WorkerRequest, WorkerResponse } from './protocol.js';
import type { AnalyzeRequest, AnalyzeResult } from './session.js';

export interface Analysis {
  readonly result: AnalyzeResult;
  readonly layout: GraphLayout;
}

/**
 * The page's handle on the engine worker. Analyses are coalesced: while one runs, only the
 * latest request waits, so a burst of keystrokes costs one evaluation per engine turn.
 */
export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (r: WorkerResponse) => void>();
  private running = false;
  private queued: { request: AnalyzeRequest; resolve: (a: Analysis | undefined) => void } | undefined;

  constructor() {
    this.worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (event: MessageEvent<WorkerResponse>) => {
      const done = this.pending.get(event.data.id);
      this.pending.delete(event.data.id);
      done?.(event.data);
    };
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
    return new Promise((resolve) => {
      if (this.running) {
        this.queued?.resolve(undefined);
        this.queued = { request, resolve };
        return;
      }
      this.run(request, resolve);
    });
  }

  private run(request: AnalyzeRequest, resolve: (a: Analysis | undefined) => void) {
    this.running = true;
    this.send({ type: 'analyze', request } as WorkerRequest).then((response) => {
      this.running = false;
      if (response.type === 'analysis') resolve({ result: response.result, layout: response.layout });
      else {
        resolve(undefined);
        if (response.type === 'error') console.error(response.message);
      }
      const next = this.queued;
      this.queued = undefined;
      if (next !== undefined) this.run(next.request, next.resolve);
    });
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
