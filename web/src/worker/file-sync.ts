import type { InputFile } from '../../../src/sources/parse.js';

/**
 * The workspace's files as they cross from the page to the engine worker: a file whose text the
 * other side holds already goes by name alone, so an analysis after an edit copies one file's
 * text across threads, not the whole workspace's, and the first analysis none (the engine
 * fetched the files itself).
 */

/** A file on its way to the engine: with its text, or by name when the engine has that text. */
export interface SentFile {
  readonly name: string;
  readonly text?: string;
}

/** The page's side: what the engine was last given, by name. */
export class FilesSent {
  private readonly texts = new Map<string, string>();

  /** Records that the engine holds these files (it loaded them itself). */
  held(files: readonly InputFile[]): void {
    for (const f of files) this.texts.set(f.name, f.text);
  }

  /** The files to send: by name where the engine holds the same text. The engine then holds them. */
  encode(files: readonly InputFile[]): SentFile[] {
    const out = files.map((f) => (this.texts.get(f.name) === f.text ? { name: f.name } : f));
    this.texts.clear();
    this.held(files);
    return out;
  }
}

/** The engine's side: the texts it was last given, by name. */
export class FilesHeld {
  private readonly texts = new Map<string, string>();

  /** Records files given whole (loaded by the engine itself). */
  held(files: readonly InputFile[]): void {
    for (const f of files) this.texts.set(f.name, f.text);
  }

  /** The files sent, each with its text; throws (a bug) for a name sent without a text it holds. */
  decode(files: readonly SentFile[]): InputFile[] {
    const out = files.map((f): InputFile => {
      const text = f.text ?? this.texts.get(f.name);
      if (text === undefined) throw new Error(`the engine does not hold ${f.name}`);
      return { name: f.name, text };
    });
    this.texts.clear();
    this.held(out);
    return out;
  }
}
