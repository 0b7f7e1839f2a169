import { fetchSnapshot, fetchSnapshotBytes, watchSnapshot } from './api.js';
import { startSession } from './session.js';
import { h, replace } from './ui/dom.js';
import graphCss from './ui/graph.css?raw';
import { EngineClient } from './worker/client.js';
import './ui/studio.css';
import './ui/dialects.css';

const root = document.getElementById('app')!;
document.head.append(h('style', {}, graphCss));
replace(root, h('p', { class: 'loading' }, 'Loading the manifests…'));

// The page itself (editor, graph, panels) is a chunk of its own, loaded while the manifests are
// fetched: this entry stays small, so the fetch starts as soon as the page does.
const appModule = import('./ui/app.js');

async function boot() {
  try {
    // The engine worker loads while the session starts and the manifests are fetched.
    const started = performance.now();
    const engine = new EngineClient();
    await startSession();
    const fetching = performance.now();
    performance.measure('kubereach:session', { start: started, end: fetching });
    const bytes = await fetchSnapshotBytes();
    const loaded = performance.now();
    // The engine reads and evaluates its copy while the page reads its own to build the
    // editor and the panels meanwhile.
    const { snapshot, prepared } = engine.load(bytes);
    const preparing = performance.now();
    performance.measure('kubereach:snapshot', {
      start: fetching,
      end: preparing,
      detail: { fetch: loaded - fetching, read: preparing - loaded },
    });
    void prepared.then((detail) =>
      performance.measure('kubereach:prepare', { start: loaded, end: performance.now(), detail }),
    );
    const { App } = await appModule;
    const app = new App(root, snapshot, engine);
    if (snapshot.source.type === 'cluster') {
      watchSnapshot(() => {
        void fetchSnapshot().then((next) => app.onSnapshot(next));
      });
    }
  } catch (err) {
    replace(
      root,
      h(
        'p',
        { class: 'loading' },
        `Could not load the manifests: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
  }
}

void boot();
