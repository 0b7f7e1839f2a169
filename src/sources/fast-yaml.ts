/**
 * A reader for the plain block YAML that Kubernetes manifests are written in (`kubectl get -o
 * yaml`, Helm and kustomize output): block mappings with plain keys, block sequences, one-line
 * plain and quoted scalars, `{}` and `[]`, comments and `---` markers. It builds the same values
 * as js-yaml's loader with the YAML 1.1 schema (scalars and keys are resolved by that schema
 * itself) several times faster, because it keeps no events and no positions beyond where each
 * document starts. Anything else — anchors, aliases, tags, block or multi-line scalars, flow
 * collections with content, escapes, tabs, a CR without LF, duplicate keys, a syntax error —
 * makes it give up (`undefined`), and the caller reads the text with the event parser, which
 * reads every YAML and says exactly where a text breaks. Field positions are found later, on demand, by the
 * event parser (see ManifestLocator).
 */
import { YAML11_SCHEMA } from 'js-yaml';

/** What the fast reader read: the documents as `loadAll` gives them, and where each root starts. */
export interface FastDocuments {
  readonly values: unknown[];
  /** Offset of each document's root node as js-yaml's events give it (-1 for an empty document). */
  readonly starts: number[];
  /**
   * Per document, the offsets of the items of its root sequence, or of the sequence under its
   * root mapping's `items` key (a `List`), as js-yaml's events give them: -1 for an item that is
   * not a mapping. Undefined when the document has neither.
   */
  readonly items: (number[] | undefined)[];
}

/** Nesting deeper than this is left to the event parser (which refuses more than MAX_DEPTH). */
const MAX_FAST_DEPTH = 48;

/**
 * Characters the reader accepts at all: line breaks (LF or CRLF) and printable characters (no
 * tab, no lone CR, no control or non-character, no byte-order mark, no lone surrogate half:
 * astral characters are left to the event parser too).
 */
const UNUSUAL_CHARACTER = /[^\r\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd]|\r(?!\n)/;

/**
 * A plain key and its `:` (followed by a blank or the line's end), from a given offset; a `:`
 * not followed by a blank belongs to the key (`k8s:io.kubernetes.pod.namespace`).
 */
const PLAIN_KEY = /[A-Za-z0-9_][A-Za-z0-9_./:-]*?:(?=[ \r\n]|$)/y;

/** First characters that make a plain scalar something else (or an error) in YAML. */
const INDICATOR = new Uint8Array(128);
for (const c of '#&*!|>%@`]},[{\'"') INDICATOR[c.charCodeAt(0)] = 1;

const SPACE = 32;
const NEWLINE = 10;
const CR = 13;
const DASH = 45;
const COLON = 58;
const HASH = 35;

/** Thrown inside the reader when the text leaves the subset; never escapes `readFastYaml`. */
const GIVE_UP: unique symbol = Symbol('give up');

/** Resolved plain scalars by their text, shared across calls: manifests repeat most values. */
const PLAIN_CACHE = new Map<string, unknown>();
const KEY_CACHE = new Map<string, string>();
const CACHE_LIMIT = 65_536;

function resolvePlain(source: string): unknown {
  const hit = PLAIN_CACHE.get(source);
  if (hit !== undefined || PLAIN_CACHE.has(source)) return hit;
  const value = YAML11_SCHEMA.resolveImplicitScalarTag(source).value;
  // Timestamps become Date objects, which are not shared between places.
  if ((typeof value !== 'object' || value === null) && PLAIN_CACHE.size < CACHE_LIMIT) {
    PLAIN_CACHE.set(source, value);
  }
  return value;
}

/** A plain key as js-yaml's object mappings store it: resolved, then made a string. */
function resolveKey(source: string): string {
  const hit = KEY_CACHE.get(source);
  if (hit !== undefined) return hit;
  const value = YAML11_SCHEMA.resolveImplicitScalarTag(source).value;
  // js-yaml refuses object keys (a timestamp); `__proto__` is stored apart: both are left to it.
  if (typeof value === 'object' && value !== null) throw GIVE_UP;
  const key = String(value);
  if (key === '__proto__') throw GIVE_UP;
  if (KEY_CACHE.size < CACHE_LIMIT) KEY_CACHE.set(source, key);
  return key;
}

/**
 * Reads `text` (multi-document YAML without a byte-order mark) as `loadAll` with the YAML 1.1
 * schema does, or returns undefined when the text is outside what this reader reads.
 */
export function readFastYaml(text: string): FastDocuments | undefined {
  if (UNUSUAL_CHARACTER.test(text)) return undefined;
  try {
    return new FastReader(text).documents();
  } catch (err) {
    if (err === GIVE_UP) return undefined;
    throw err;
  }
}

class FastReader {
  /** Start of the current line. */
  private line = 0;
  /** End of the current line (its `\n`, or the end of the text). */
  private end = 0;
  /** Column where the current node's content starts (after `- ` for a compact mapping). */
  private indent = 0;
  /** Offset where the current node's content starts. */
  private content = 0;
  /** No line left in the document: the end of the text or a `---` marker line. */
  private done = false;
  /** `done` at a marker line (another document follows), not at the end of the text. */
  private marker = false;
  /** Where the items of the current document's root sequence or `items` sequence start. */
  private listItems: number[] | undefined;

  constructor(private readonly text: string) {}

  documents(): FastDocuments {
    const values: unknown[] = [];
    const starts: number[] = [];
    const items: (number[] | undefined)[] = [];
    this.seek(0);
    if (!this.done) this.document(values, starts, items);
    while (this.marker) {
      // the rest of a marker line may only be blank or a comment
      const rest = this.skipSpaces(this.line + 3);
      if (rest < this.end && this.text.charCodeAt(rest) !== HASH) throw GIVE_UP;
      this.seek(this.end + 1);
      if (this.done) {
        values.push(null);
        starts.push(-1);
        items.push(undefined);
      } else this.document(values, starts, items);
    }
    return { values, starts, items };
  }

  private document(values: unknown[], starts: number[], items: (number[] | undefined)[]) {
    starts.push(this.content);
    this.listItems = [];
    values.push(this.block(this.indent, 0, this.listItems));
    items.push(this.listItems);
    this.listItems = undefined;
    if (!this.done) throw GIVE_UP; // a line less indented than the root
  }

  /** Moves to the first line at or after `from` that holds content (or to the document's end). */
  private seek(from: number) {
    const text = this.text;
    let line = from;
    while (line < text.length) {
      let next = text.indexOf('\n', line);
      if (next < 0) next = text.length;
      // CRLF: the line ends at its CR (seeking from that CR finds the LF, a blank line)
      const end = next > line && text.charCodeAt(next - 1) === CR ? next - 1 : next;
      const k = this.skipSpaces(line);
      if (k < end && text.charCodeAt(k) !== HASH) {
        if (k === line && text.startsWith('---', line)) {
          const after = text.charCodeAt(line + 3);
          if (line + 3 === text.length || after === SPACE || after === NEWLINE || after === CR) {
            this.line = line;
            this.end = end;
            this.done = true;
            this.marker = true;
            return;
          }
        }
        // `...` ends a document; `%` starts a directive: both are left to the event parser
        if (k === line && (text.startsWith('...', line) || text.charCodeAt(line) === 37)) throw GIVE_UP;
        this.line = line;
        this.end = end;
        this.indent = k - line;
        this.content = k;
        this.done = false;
        return;
      }
      line = next + 1;
    }
    this.line = text.length;
    this.end = text.length;
    this.done = true;
    this.marker = false;
  }

  private skipSpaces(from: number): number {
    let k = from;
    while (this.text.charCodeAt(k) === SPACE) k++;
    return k;
  }

  /** Whether the current content is a sequence item (`-` then a space or the line's end). */
  private isItem(): boolean {
    const at = this.content;
    return (
      this.text.charCodeAt(at) === DASH && (at + 1 === this.end || this.text.charCodeAt(at + 1) === SPACE)
    );
  }

  /** The block node at the current line, whose content starts at column `indent`. */
  /** `items`, when given, collects the item offsets of the node if it is a sequence. */
  private block(indent: number, depth: number, items?: number[]): unknown {
    if (depth > MAX_FAST_DEPTH) throw GIVE_UP;
    return this.isItem() ? this.sequence(indent, depth, items) : this.mapping(indent, depth);
  }

  /** Offset of the `:` after a plain key at `from` on the current line, or -1 when there is none. */
  private keyEnd(from: number): number {
    // A regular expression, not a loop over characters: it runs as native code from the first
    // call, while a loop is interpreted until the engine has compiled it (most of a small input).
    PLAIN_KEY.lastIndex = from;
    return PLAIN_KEY.test(this.text) && PLAIN_KEY.lastIndex <= this.end ? PLAIN_KEY.lastIndex - 1 : -1;
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    const text = this.text;
    const map: Record<string, unknown> = {};
    for (;;) {
      const colon = this.keyEnd(this.content);
      if (colon < 0) throw GIVE_UP;
      const key = resolveKey(text.slice(this.content, colon));
      if (Object.hasOwn(map, key)) throw GIVE_UP; // js-yaml says where the duplicate is
      const at = this.skipSpaces(colon + 1);
      let value: unknown;
      if (at === this.end || text.charCodeAt(at) === HASH) {
        this.seek(this.end + 1);
        const items = depth === 0 && key === 'items' ? this.listItems : undefined;
        if (this.done || this.indent < indent) value = null;
        else if (this.indent > indent) value = this.block(this.indent, depth + 1, items);
        // a sequence may sit at its key's indentation
        else if (this.isItem()) value = this.sequence(indent, depth + 1, items);
        else value = null;
      } else {
        value = this.inline(at);
        this.seek(this.end + 1);
        if (!this.done && this.indent > indent) throw GIVE_UP; // a multi-line scalar, or an error
      }
      map[key] = value;
      if (this.done || this.indent < indent) return map;
      if (this.indent > indent || this.isItem()) throw GIVE_UP;
    }
  }

  private sequence(indent: number, depth: number, starts?: number[]): unknown[] {
    const text = this.text;
    const items: unknown[] = [];
    for (;;) {
      const at = this.skipSpaces(this.content + 1);
      if (at === this.end || text.charCodeAt(at) === HASH) {
        this.seek(this.end + 1);
        const nested = !this.done && this.indent > indent;
        starts?.push(nested && !this.isItem() ? this.content : -1);
        items.push(nested ? this.block(this.indent, depth + 1) : null);
      } else if (text.charCodeAt(at) === DASH && (at + 1 === this.end || text.charCodeAt(at + 1) === SPACE)) {
        throw GIVE_UP; // `- - x`: a sequence in a sequence on one line
      } else if (this.keyEnd(at) >= 0) {
        // `- key: value`: a mapping whose keys line up with this first one
        const column = at - this.line;
        this.indent = column;
        this.content = at;
        starts?.push(at);
        items.push(this.mapping(column, depth + 1));
      } else {
        starts?.push(text.charCodeAt(at) === 123 /* { */ ? at : -1);
        items.push(this.inline(at));
        this.seek(this.end + 1);
      }
      if (this.done || this.indent < indent) return items;
      if (this.indent > indent || !this.isItem()) {
        if (this.indent === indent) return items; // the next key of the mapping that holds it
        throw GIVE_UP;
      }
    }
  }

  /** A scalar, `{}` or `[]` that takes the rest of the current line from `at`. */
  private inline(at: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 34 /* " */) {
      const close = text.indexOf('"', at + 1);
      if (close < 0 || close >= this.end) throw GIVE_UP;
      const value = text.slice(at + 1, close);
      if (value.includes('\\')) throw GIVE_UP;
      this.lineRest(close + 1);
      return value;
    }
    if (c === 39 /* ' */) {
      let close = text.indexOf("'", at + 1);
      while (close >= 0 && close < this.end && text.charCodeAt(close + 1) === 39) {
        close = text.indexOf("'", close + 2);
      }
      if (close < 0 || close >= this.end) throw GIVE_UP;
      this.lineRest(close + 1);
      return text.slice(at + 1, close).replaceAll("''", "'");
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      if (text.charCodeAt(at + 1) !== c + 2) throw GIVE_UP; // `{}` and `[]` only
      this.lineRest(at + 2);
      return c === 123 ? {} : [];
    }
    if (c < 128 && INDICATOR[c] === 1) throw GIVE_UP;
    // `:`/`?` first, or `-` and a blank: an indicator, not a scalar (js-yaml's own corner cases)
    if (c === COLON || c === 63 /* ? */) throw GIVE_UP;
    if (c === DASH && (at + 1 === this.end || text.charCodeAt(at + 1) === SPACE)) throw GIVE_UP;
    // The scalar ends at ` #` (a comment); `: ` or a trailing `:` would start a mapping on this
    // line, an error in YAML. Native string searches within the line (see keyEnd).
    let source = text.slice(at, this.end);
    const comment = source.indexOf(' #');
    if (comment >= 0) source = source.slice(0, comment);
    // spaces only: trimEnd() would take Unicode blanks too, which YAML keeps
    let end = source.length;
    while (source.charCodeAt(end - 1) === SPACE) end--;
    if (end < source.length) source = source.slice(0, end);
    if (source.includes(': ') || source.endsWith(':')) throw GIVE_UP;
    return resolvePlain(source);
  }

  /** Checks that only blanks or a comment follow `from` on the current line. */
  private lineRest(from: number) {
    const k = this.skipSpaces(from);
    if (k === this.end) return;
    if (k === from || this.text.charCodeAt(k) !== HASH) throw GIVE_UP;
  }
}
