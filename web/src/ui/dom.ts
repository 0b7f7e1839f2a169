/**
 * A tiny DOM builder. Children given as strings become text nodes and attributes are set one by
 * one, so names from manifests are always text, never markup: nothing here touches innerHTML.
 */

type Child = Node | string | number | false | null | undefined;
type Attrs = Record<string, string | number | boolean | undefined | null | EventListener>;

function apply(el: Element, attrs: Attrs | undefined) {
  if (attrs === undefined) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === 'function') el.addEventListener(key.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
}

function append(el: Element, children: readonly Child[]) {
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    el.append(typeof c === 'number' ? String(c) : c);
  }
}

/** An HTML element. Event handlers are attributes named `onclick`, `oninput`, … */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element. */
export function s<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs?: Attrs,
  ...children: Child[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  apply(el, attrs);
  append(el, children);
  return el;
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/**
 * Makes `child` the only child of `el`, leaving it in place when it is already: taking a large
 * subtree (the graph's SVG) out and putting it back costs its whole style and layout again.
 */
export function show(el: Element, child: Element): void {
  if (el.childNodes.length === 1 && el.firstChild === child) return;
  replace(el, child);
}

/**
 * Makes `children` the children of `el`, in order, moving or removing only what differs: the
 * rows that stay where they were are neither taken out nor laid out again.
 */
export function reconcile(el: Element, children: readonly Node[]): void {
  const wanted = new Set(children);
  let at = el.firstChild;
  for (const child of children) {
    while (at !== null && !wanted.has(at)) {
      const next: ChildNode | null = at.nextSibling;
      at.remove();
      at = next;
    }
    if (child === at) at = at.nextSibling;
    else el.insertBefore(child, at);
  }
  while (at !== null) {
    const next = at.nextSibling;
    at.remove();
    at = next;
  }
}

/** Offers a blob as a download. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
