import type { MatrixNode } from '../../engine/matrix.js';
import { formatConns, isAllConns } from '../../engine/port-set.js';
import type { MatrixView } from '../../focus/focus.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { formatPosition } from '../../model/source.js';
import { escapeHtml } from '../html.js';
import { nodeLabel } from '../labels.js';
import { PLAIN } from '../style.js';
import { fqdnLines } from './fqdn.js';
import { matrixGraph } from './graph.js';
import { formatConnectionConns } from './l7.js';
import { summarizeView } from './summary.js';
import { renderGraphSvg } from './svg.js';

export interface HtmlOptions {
  /** Shown as the page title and heading. */
  readonly title?: string;
  /** `kubereach 1.2.3`, shown in the footer. */
  readonly generator?: string;
  readonly diagnostics?: readonly Diagnostic[];
}

/** Above these sizes a part is left out (with a note) rather than drawn unreadably. */
const MAX_GRID_CELLS = 40_000;
const MAX_GRAPH_NODES = 400;
const MAX_GRAPH_EDGES = 5_000;
const MAX_LIST_ROWS = 20_000;

/**
 * `-o html`: one self-contained page (inline style and a few lines of inline script; no
 * external scripts, styles, fonts or images) with the matrix as a grid, the graph as inline SVG,
 * the list of connections and the input's diagnostics. Every name is HTML-escaped.
 */
export function renderMatrixHtml(view: MatrixView, options: HtmlOptions = {}): string {
  const title = options.title ?? 'Network connectivity';
  const summary = summarizeView(view);
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p class="summary">${escapeHtml(summary)}</p></header>`,
    '<nav><a href="#matrix">Matrix</a> · <a href="#graph">Graph</a> · <a href="#connections">Connections</a>' +
      ((options.diagnostics ?? []).length > 0 ? ' · <a href="#diagnostics">Diagnostics</a>' : '') +
      '</nav>',
    gridSection(view),
    graphSection(view),
    listSection(view),
    diagnosticsSection(options.diagnostics ?? []),
    `<footer>${escapeHtml(options.generator ?? 'kubereach')} · exact NetworkPolicy reachability</footer>`,
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.filter((b) => b !== '').join('\n')}
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function gridSection(view: MatrixView): string {
  const head = '<section id="matrix"><h2>Matrix</h2>';
  const { sources, destinations } = view;
  if (sources.length * destinations.length > MAX_GRID_CELLS) {
    return `${head}<p class="note">${sources.length} × ${destinations.length} cells are too many for a grid; the connections are listed below.</p></section>`;
  }
  const nodes = new Map(view.matrix.nodes.map((n) => [n.id, n]));
  const label = (id: string) => {
    const n = nodes.get(id);
    return n === undefined ? id : nodeLabel(n);
  };
  const conns = new Map(view.matrix.connections.map((c) => [`${c.src}\u0000${c.dst}`, c]));
  const cols = destinations
    .map(
      (d) => `<th class="col" scope="col" title="${escapeHtml(d)}"><span>${escapeHtml(label(d))}</span></th>`,
    )
    .join('');
  const rows = sources.map((s) => {
    const cells = destinations.map((d) => {
      const c = conns.get(`${s}\u0000${d}`);
      const pair = `${label(s)} → ${label(d)}`;
      if (c === undefined) {
        const cls =
          s === d
            ? 'self'
            : nodes.get(s)?.kind === 'External' && nodes.get(d)?.kind === 'External'
              ? 'na'
              : 'none';
        const what =
          cls === 'self'
            ? 'same node'
            : cls === 'na'
              ? 'not evaluated (both outside the cluster)'
              : 'nothing allowed';
        return `<td class="${cls}" title="${escapeHtml(`${pair}: ${what}`)}"></td>`;
      }
      if (c.l7 === undefined && isAllConns(c.conns))
        return `<td class="open" title="${escapeHtml(`${pair}: all`)}">all</td>`;
      const text = formatConnectionConns(c, formatConns);
      const l7 = c.l7 === undefined ? '' : ` — ${L7_NOTE}`;
      return `<td class="some${c.l7 === undefined ? '' : ' l7'}" title="${escapeHtml(`${pair}: ${text}${l7}`)}">${escapeHtml(text)}</td>`;
    });
    return `<tr><th class="row" scope="row" title="${escapeHtml(s)}">${escapeHtml(label(s))}</th>${cells.join('')}</tr>`;
  });
  return `${head}
<p class="legend">Rows are sources, columns destinations. <span class="key open">all</span> every port of every protocol · <span class="key some">TCP 80</span> only these ports${l7Legend(view)} · <span class="key none"></span> nothing allowed</p>
<div class="scroll"><table class="grid"><thead><tr><th class="corner">from ↓ to →</th>${cols}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></div></section>`;
}

/** What `(L7)` means, said where a port is marked with it. */
const L7_NOTE =
  'ports marked (L7) are allowed at L4, each request judged at run time by a Cilium L7 rule (HTTP, DNS, Kafka)';

/** The legend's entry for ports an L7 rule governs, where some are. */
function l7Legend(view: MatrixView): string {
  if (!view.matrix.connections.some((c) => c.l7 !== undefined)) return '';
  return ' · <span class="key some l7">TCP 80 (L7)</span> allowed at L4, each request judged at run time by a Cilium L7 rule';
}

function graphSection(view: MatrixView): string {
  const head = '<section id="graph"><h2>Graph</h2>';
  const graph = matrixGraph(view);
  if (view.matrix.nodes.length > MAX_GRAPH_NODES || graph.edges.length > MAX_GRAPH_EDGES) {
    return `${head}<p class="note">${view.matrix.nodes.length} nodes and ${graph.edges.length} edges are too many to draw; narrow the view with --from, --to, --namespace or --granularity namespace.</p></section>`;
  }
  return `${head}
<p class="legend">Boxes are namespaces; arrows are allowed connections (red: every port). Point at a node to highlight its connections, at an arrow for its ports.</p>
<div class="scroll">${renderGraphSvg(graph)}</div></section>`;
}

function listSection(view: MatrixView): string {
  const nodes = new Map(view.matrix.nodes.map((n) => [n.id, n]));
  const label = (id: string) => {
    const n = nodes.get(id);
    return escapeHtml(n === undefined ? id : nodeLabel(n));
  };
  const total = view.matrix.connections.length;
  const rows = view.matrix.connections
    .slice(0, MAX_LIST_ROWS)
    .map(
      (c) =>
        `<tr><td>${label(c.src)}</td><td>${label(c.dst)}</td><td class="${c.l7 !== undefined ? 'l7' : isAllConns(c.conns) ? 'open' : ''}"${c.l7 === undefined ? '' : ` title="${escapeHtml(L7_NOTE)}"`}>${escapeHtml(formatConnectionConns(c, formatConns))}</td></tr>`,
    );
  return `<section id="connections"><h2>Connections</h2>
<details${total <= 200 ? ' open' : ''}><summary>${total} allowed connection${total === 1 ? '' : 's'}</summary>${
    total > MAX_LIST_ROWS
      ? `\n<p class="note">The first ${MAX_LIST_ROWS} are listed; -o csv or -o json has them all.</p>`
      : ''
  }
<table class="list"><thead><tr><th>Source</th><th>Destination</th><th>Allowed</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></details>${runTimeNote(view, nodes)}</section>`;
}

/** The pairs an FQDN rule could change, one note line each (nothing when there are none). */
function runTimeNote(view: MatrixView, nodes: ReadonlyMap<string, MatrixNode>): string {
  const label = (id: string) => {
    const n = nodes.get(id);
    return n === undefined ? id : nodeLabel(n);
  };
  const lines = fqdnLines(view.matrix.fqdn, label, PLAIN);
  if (lines === '') return '';
  const items = lines
    .trimEnd()
    .split('\n')
    .map((l) => `<li>${escapeHtml(l)}</li>`);
  return `\n<p class="note">Decided at run time, by the addresses DNS returns for these names:</p><ul class="note">${items.join('')}</ul>`;
}

function diagnosticsSection(diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return '';
  const rows = diagnostics.map((d) => {
    const where = d.source === undefined ? '' : formatPosition(d.source);
    return `<tr class="${d.severity}"><td>${escapeHtml(d.severity)}</td><td>${escapeHtml(where)}</td><td>${escapeHtml(d.message)}${d.hint === undefined ? '' : `<br><small>${escapeHtml(d.hint)}</small>`}</td><td><code>${escapeHtml(d.code)}</code></td></tr>`;
  });
  return `<section id="diagnostics"><h2>Diagnostics</h2>
<table class="list"><thead><tr><th>Severity</th><th>Where</th><th>Message</th><th>Code</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table></section>`;
}

const STYLE = `
:root { --fg: #1f2933; --muted: #607080; --line: #d5dde6; --open: #fbe3e0; --open-fg: #a8321f;
  --some: #e3f1e6; --some-fg: #1f6b35; --none: #f4f6f8; --accent: #4a6fa5; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); margin: 0 auto; padding: 0 24px 40px; max-width: 1600px; }
h1 { font-size: 22px; margin: 24px 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; }
.summary, .legend, .note, footer { color: var(--muted); } nav { margin: 8px 0 0; } nav a { color: var(--accent); }
footer { margin-top: 32px; font-size: 12px; }
.scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; }
.grid th, .grid td { border: 1px solid var(--line); padding: 2px 6px; font-size: 12px; white-space: nowrap; }
.grid td { min-width: 34px; max-width: 160px; overflow: hidden; text-overflow: ellipsis; text-align: center; }
.grid thead th { position: sticky; top: 0; background: #fff; z-index: 1; }
.grid th.row { position: sticky; left: 0; background: #fff; text-align: left; font-weight: 600; }
.grid th.col { vertical-align: bottom; height: 150px; }
.grid th.col span { writing-mode: vertical-rl; transform: rotate(180deg); display: inline-block; max-height: 150px; overflow: hidden; text-overflow: ellipsis; }
.grid th.corner { position: sticky; left: 0; top: 0; z-index: 2; color: var(--muted); font-weight: normal; }
td.open, .key.open { background: var(--open); color: var(--open-fg); font-weight: 600; }
td.some, .key.some { background: var(--some); color: var(--some-fg); }
td.none, .key.none { background: var(--none); } td.self { background: repeating-linear-gradient(45deg, #fff, #fff 3px, var(--none) 3px, var(--none) 6px); }
td.na { background: #fff; }
.key { display: inline-block; min-width: 28px; padding: 0 6px; border: 1px solid var(--line); border-radius: 3px; text-align: center; }
.grid tr:hover th.row, .grid tr:hover td { outline: 1px solid var(--accent); }
.list th, .list td { border-bottom: 1px solid var(--line); padding: 4px 10px; text-align: left; vertical-align: top; }
.list td.open { color: var(--open-fg); font-weight: 600; }
tr.error td:first-child { color: #a8321f; } tr.warning td:first-child { color: #9a6700; }
svg.graph { display: block; font: 12px system-ui, sans-serif; }
.group rect { fill: #f8fafc; stroke: #9aa8b8; } .group text { fill: var(--muted); font-weight: 600; }
.group.external rect { fill: #fffaf2; stroke: #c08a3e; stroke-dasharray: 5 4; }
.node rect { fill: #eef3fb; stroke: var(--accent); } .node.external rect { fill: #fff1dc; stroke: #c08a3e; }
.node text { fill: var(--fg); } .node text.kind { fill: var(--muted); font-size: 10px; }
.node { cursor: pointer; } .node:focus { outline: none; } .node:focus rect { stroke-width: 2; }
.edge { fill: none; stroke: var(--accent); stroke-width: 1.3; opacity: .55; }
.edge.open { stroke: #c0392b; } .head { fill: var(--accent); } .head.open { fill: #c0392b; }
.edge:hover { opacity: 1; stroke-width: 2.5; }
svg.focus .edge { opacity: .08; } svg.focus .node { opacity: .35; }
svg.focus .edge.hl { opacity: 1; stroke-width: 2.2; } svg.focus .node.hl { opacity: 1; }
`;

// Highlights a node's edges and neighbours while it is pointed at or focused. No data is
// embedded in the script: it reads the escaped data-* attributes of the SVG.
const SCRIPT = `
(function () {
  var svg = document.querySelector('svg.graph');
  if (!svg) return;
  function clear() {
    svg.classList.remove('focus');
    svg.querySelectorAll('.hl').forEach(function (el) { el.classList.remove('hl'); });
  }
  function show(key) {
    clear();
    svg.classList.add('focus');
    svg.querySelectorAll('.node[data-key="' + key + '"]').forEach(function (el) { el.classList.add('hl'); });
    svg.querySelectorAll('.edge').forEach(function (edge) {
      var s = edge.getAttribute('data-src'), d = edge.getAttribute('data-dst');
      if (s !== key && d !== key) return;
      edge.classList.add('hl');
      svg.querySelectorAll('.node[data-key="' + (s === key ? d : s) + '"]').forEach(function (el) { el.classList.add('hl'); });
    });
  }
  svg.querySelectorAll('.node').forEach(function (node) {
    var key = node.getAttribute('data-key');
    node.addEventListener('mouseenter', function () { show(key); });
    node.addEventListener('focus', function () { show(key); });
    node.addEventListener('mouseleave', clear);
    node.addEventListener('blur', clear);
  });
})();
`;
