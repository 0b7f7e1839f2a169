import { fetchSnapshot, watchSnapshot } from './api.js';
import { startSession } from './session.js';
import { App } from './ui/app.js';
import { h, replace } from './ui/dom.js';
import graphCss from './ui/graph.css?raw';
import { EngineClient } from './worker/client.js';
import './ui/studio.css';
import './ui/dialects.css';

const root = document.getElementById('app')!;
document.head.append(h('style', {}, graphCss));
replace(root, h('p', { class: 'loading' }, 'Loading the manifests…'));

async function boot() {
  try {
    // The engine worker loads while the manifests are fetched.
    const engine = new EngineClient();
    await startSession();
    const snapshot = await fetchSnapshot();
    // The engine evaluates the manifests while the page builds the editor and the panels.
    const preparing = performance.now();
    void engine
      .prepare({
        files: snapshot.files.map((f) => ({ name: f.name, text: f.text })),
        ...(snapshot.cni === undefined ? {} : { cni: snapshot.cni }),
      })
      .then(() => performance.measure('kubereach:prepare', { start: preparing, end: performance.now() }));
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
