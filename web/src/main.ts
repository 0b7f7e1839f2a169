import { fetchSnapshot, watchSnapshot } from './api.js';
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
    // The engine worker loads while the manifests are fetched.
    const created = performance.now();
    const engine = new EngineClient();
    await startSession();
    const fetching = performance.now();
    // The engine worker fetches the manifests and evaluates them at once; the page gets them
    // to build the editor and the panels meanwhile.
    const { snapshot, prepared, marks } = await engine.load(
      new URL('./api/snapshot', window.location.href).href,
    );
    const preparing = performance.now();
    // the worker's steps on the page's clock
    const at = (epoch: number) => epoch - performance.timeOrigin;
    performance.measure('kubereach:snapshot', {
      start: fetching,
      end: preparing,
      detail: {
        'worker start': at(marks.started) - created,
        'request wait': at(marks.asked) - Math.max(at(marks.started), fetching),
        fetch: marks.answered - marks.asked,
        read: marks.read - marks.answered,
        'hand-over': preparing - at(marks.read),
      },
    });
    void prepared.then((detail) =>
      performance.measure('kubereach:prepare', { start: preparing, end: performance.now(), detail }),
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
