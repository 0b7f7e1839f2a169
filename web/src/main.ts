import { fetchSnapshot, watchSnapshot } from './api.js';
import { App } from './ui/app.js';
import { h, replace } from './ui/dom.js';
import graphCss from './ui/graph.css?raw';
import './ui/studio.css';

const root = document.getElementById('app')!;
document.head.append(h('style', {}, graphCss));
replace(root, h('p', { class: 'loading' }, 'Loading the manifests…'));

async function boot() {
  try {
    const snapshot = await fetchSnapshot();
    new App(root, snapshot);
    if (snapshot.source.type === 'cluster') {
      watchSnapshot(() => {
        // A watched cluster changed: reload to evaluate the new state.
        if (!root.querySelector('.tab .dot')) location.reload();
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
