/** An element of a parsed XML document. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = '[A-Za-z_][-A-Za-z0-9_.:]*';
// XML 1.0 Char production, minus what must be escaped in character data.
const ILLEGAL = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;

/**
 * A strict, small XML 1.0 parser for tests: it accepts a prolog, elements, attributes in double
 * quotes, character data and the predefined and numeric entities, and throws on anything that
 * is not well-formed (unbalanced tags, bare `&` or `<`, duplicate attributes, illegal characters).
 */
export function parseXml(text: string): XmlElement {
  if (ILLEGAL.test(text)) throw new Error(`illegal character at ${text.search(ILLEGAL)}`);
  let i = 0;
  const prolog = /^<\?xml [^?]*\?>\s*/.exec(text);
  if (prolog !== null) i = prolog[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = new RegExp(`<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>`, 'y');
  const attr = new RegExp(`(${NAME})="([^"<]*)"`, 'g');
  while (i < text.length) {
    if (text[i] === '<') {
      tag.lastIndex = i;
      const m = tag.exec(text);
      if (m === null) throw new Error(`malformed tag at ${i}: ${text.slice(i, i + 40)}`);
      i = tag.lastIndex;
      const [, closing, name, attrs, selfClosing] = m;
      if (closing === '/') {
        const open = stack.pop();
        if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
        continue;
      }
      const attributes: Record<string, string> = {};
      for (const a of attrs!.matchAll(attr)) {
        if (a[1]! in attributes) throw new Error(`duplicate attribute ${a[1]}`);
        attributes[a[1]!] = decode(a[2]!);
      }
      const el: XmlElement = { name: name!, attributes, children: [], text: '' };
      if (stack.length === 0) {
        if (root !== undefined) throw new Error('two root elements');
        root = el;
      } else stack.at(-1)!.children.push(el);
      if (selfClosing !== '/') stack.push(el);
    } else {
      const next = text.indexOf('<', i);
      const chunk = text.slice(i, next < 0 ? text.length : next);
      if (stack.length === 0) {
        if (chunk.trim() !== '') throw new Error(`text outside the root: ${chunk.slice(0, 40)}`);
      } else stack.at(-1)!.text += decode(chunk);
      i = next < 0 ? text.length : next;
    }
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)!.name}> is not closed`);
  if (root === undefined) throw new Error('no root element');
  return root;
}

function decode(text: string): string {
  if (/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text))
    throw new Error(`bare & in ${text.slice(0, 40)}`);
  if (text.includes('<')) throw new Error('bare <');
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (e in named) return named[e]!;
    return String.fromCodePoint(e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}
