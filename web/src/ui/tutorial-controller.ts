import type { InputFile } from '../../../src/sources/parse.js';
import type { ExplanationView } from '../explain/types.js';
import { tutorialText } from '../tutorial/files.js';
import { TUTORIAL_STEPS, type TutorialDialect, tutorialFileName } from '../tutorial/steps.js';
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
  /** The language the tutorial's policies are written in; kept across runs. */
  private dialect: TutorialDialect = 'networkpolicy';
  /** Increases with every step, so a slow probe of a step left behind is dropped. */
  private seq = 0;

  constructor(private readonly host: TutorialHost) {
    this.view = new TutorialView({
      onStep: (i) => void this.step(i),
      onExit: () => void this.exit(),
      onDialect: (d) => void this.setDialect(d),
    });
  }

  get active(): boolean {
    return this.state !== undefined;
  }

  /**
   * Replays the current step with the policies in the other language; "what changed" compares
   * with the step as it was (the two dialects give the tutorial the same connectivity).
   */
  async setDialect(dialect: TutorialDialect): Promise<void> {
    if (dialect === this.dialect) return;
    this.dialect = dialect;
    if (this.state !== undefined) await this.step(this.state.step, 'previous');
  }

  async start(dialect?: TutorialDialect): Promise<void> {
    if (dialect !== undefined) this.dialect = dialect;
    if (this.state !== undefined) return;
    this.state = { step: 0, saved: this.host.workspace() };
    this.host.panelParent.prepend(this.view.element);
    this.host.root.classList.add('tutorial-mode');
    await this.step(0);
  }

  async step(index: number, baseline?: BaselineChoice): Promise<void> {
    const state = this.state;
    if (state === undefined || index < 0 || index >= TUTORIAL_STEPS.length) return;
    const step = TUTORIAL_STEPS[index]!;
    const forward = index > state.step;
    const seq = ++this.seq;
    this.state = { step: index, saved: state.saved };
    const dialect = this.dialect;
    this.view.render(index, undefined, dialect);
    this.host.clearExplanation(
      step.probe === undefined ? 'This step changes the manifests; the next one probes again.' : 'Probing…',
    );
    this.host.setWorkspace(
      {
        files: step.files.map((f) => {
          const { name, text } = tutorialText(f, dialect);
          return { name, text, saved: text, writable: false };
        }),
        disabled: [],
      },
      tutorialFileName(step.files[step.files.length - 1]!, dialect),
    );
    // Moving on compares with the previous step, so the graph shows what the step changed.
    await this.host.analyze(baseline ?? (forward ? 'previous' : 'current'));
    if (step.probe === undefined || seq !== this.seq) return;
    const query: ProbeQuery = {
      src: step.probe.from,
      dst: step.probe.to,
      protocol: 'TCP',
      ...(step.probe.port === undefined ? {} : { port: step.probe.port }),
    };
    const view = await this.host.explain(query);
    if (seq !== this.seq || this.state === undefined) return;
    this.view.render(index, view, dialect);
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
