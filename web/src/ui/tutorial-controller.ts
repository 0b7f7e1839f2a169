import type { InputFile } from '../../../src/sources/parse.js';
import type { ExplanationView } from '../explain/types.js';
import { TUTORIAL_TEXTS } from '../tutorial/files.js';
import { TUTORIAL_STEPS } from '../tutorial/steps.js';
import type { ProbeQuery } from '../view/types.js';
import type { BaselineChoice } from '../worker/session.js';
import type { Workspace } from '../workspace/workspace.js';
import { TutorialView } from './tutorial-view.js';

/** What the tutorial needs from the page. */
export interface TutorialHost {
  /** Where the tutorial panel goes (above the editor). */
  readonly panelParent: HTMLElement;
  /** Marked with `tutorial-mode` while the tutorial runs. */
  readonly root: HTMLElement;
  workspace(): Workspace;
  /** Shows these files in the editor, `open` in front. */
  setWorkspace(ws: Workspace, open?: string): void;
  analyze(baseline: BaselineChoice): Promise<void>;
  explain(query: ProbeQuery): Promise<ExplanationView>;
  showExplanation(query: ProbeQuery, view: ExplanationView): void;
  clearExplanation(message: string): void;
  /** The files as served, for "what changed" after the tutorial. */
  loadedFiles(): readonly InputFile[];
}

/**
 * Tutorial mode: replaces the workspace with the tutorial's manifests step by step (each step
 * compared with the one before, so the graph shows what it changed), runs each step's probe
 * through the engine, and gives the person's workspace back at the end.
 */
export class TutorialController {
  private readonly view: TutorialView;
  private state: { step: number; saved: Workspace } | undefined;
  /** Increases with every step, so a slow probe of a step left behind is dropped. */
  private seq = 0;

  constructor(private readonly host: TutorialHost) {
    this.view = new TutorialView({ onStep: (i) => void this.step(i), onExit: () => void this.exit() });
  }

  get active(): boolean {
    return this.state !== undefined;
  }

  async start(): Promise<void> {
    if (this.state !== undefined) return;
    this.state = { step: 0, saved: this.host.workspace() };
    this.host.panelParent.prepend(this.view.element);
    this.host.root.classList.add('tutorial-mode');
    await this.step(0);
  }

  async step(index: number): Promise<void> {
    const state = this.state;
    if (state === undefined || index < 0 || index >= TUTORIAL_STEPS.length) return;
    const step = TUTORIAL_STEPS[index]!;
    const forward = index > state.step;
    const seq = ++this.seq;
    this.state = { step: index, saved: state.saved };
    this.view.render(index, undefined);
    this.host.clearExplanation(
      step.probe === undefined ? 'This step changes the manifests; the next one probes again.' : 'Probing…',
    );
    this.host.setWorkspace(
      {
        files: step.files.map((f) => ({
          name: `tutorial/${f}`,
          text: TUTORIAL_TEXTS[f],
          saved: TUTORIAL_TEXTS[f],
          writable: false,
        })),
        disabled: [],
      },
      `tutorial/${step.files[step.files.length - 1]!}`,
    );
    // Moving on compares with the previous step, so the graph shows what the step changed.
    await this.host.analyze(forward ? 'previous' : 'current');
    if (step.probe === undefined || seq !== this.seq) return;
    const query: ProbeQuery = {
      src: step.probe.from,
      dst: step.probe.to,
      protocol: 'TCP',
      ...(step.probe.port === undefined ? {} : { port: step.probe.port }),
    };
    const view = await this.host.explain(query);
    if (seq !== this.seq || this.state === undefined) return;
    this.view.render(index, view);
    this.host.showExplanation(query, view);
  }

  async exit(): Promise<void> {
    const state = this.state;
    if (state === undefined) return;
    this.state = undefined;
    this.seq++;
    this.view.element.remove();
    this.host.root.classList.remove('tutorial-mode');
    this.host.setWorkspace(state.saved);
    await this.host.analyze({ files: this.host.loadedFiles() });
  }
}
