import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { MAX_FILE_BYTES } from './files.js';
import type { InputFile } from './parse.js';

/** How a program that renders manifests is run: from where, with which environment. */
export interface RenderOptions {
  /** Directory relative paths are resolved from (and the program runs in). */
  readonly cwd: string;
  /** The environment of the program; its PATH decides which programs are found. */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Values for `helm template`, as helm spells them. */
export interface HelmValues {
  /** `--values FILE`, in order (later files win). */
  readonly values?: readonly string[];
  /** `--set KEY=VALUE`, in order. */
  readonly set?: readonly string[];
}

/**
 * The rendered stream as one input file (positions point into it), or why it could not be
 * rendered: one line, and a hint saying what to do instead.
 */
export type RenderResult =
  | { readonly ok: true; readonly file: InputFile }
  | { readonly ok: false; readonly message: string; readonly hint?: string };

/**
 * Renders a kustomization directory as `kubectl apply -k DIR` does: `kubectl kustomize DIR`,
 * or `kustomize build DIR` when kubectl is not on PATH. The stream is named
 * `<kustomize DIR>`; diagnostics point at its lines.
 */
export async function renderKustomization(dir: string, options: RenderOptions): Promise<RenderResult> {
  const name = `<kustomize ${dir}>`;
  const viaKubectl = await runProgram('kubectl', ['kustomize', dir], options);
  const run =
    viaKubectl.type === 'missing' ? await runProgram('kustomize', ['build', dir], options) : viaKubectl;
  switch (run.type) {
    case 'ok':
      return { ok: true, file: { name, text: run.stdout } };
    case 'missing':
      return {
        ok: false,
        message: `-k ${dir}: neither kubectl nor kustomize is on PATH to render the kustomization`,
        hint: `install kubectl (kubectl kustomize) or kustomize, or pipe it in: kustomize build ${dir} | kubereach VERB -`,
      };
    case 'failed':
      return { ok: false, message: `-k ${dir}: ${run.program} failed: ${firstLine(run.stderr)}` };
    case 'too-large':
      return { ok: false, message: `-k ${dir}: the rendered output is over the limit for one input` };
  }
}

/**
 * Renders a Helm chart with `helm template DIR [--values F]… [--set K=V]…`. The stream is named
 * `<helm DIR>`. Without helm on PATH, says how to pipe the rendered chart in instead.
 */
export async function renderHelmChart(
  dir: string,
  values: HelmValues,
  options: RenderOptions,
): Promise<RenderResult> {
  const args = [
    'template',
    dir,
    ...(values.values ?? []).flatMap((v) => ['--values', v]),
    ...(values.set ?? []).flatMap((s) => ['--set', s]),
  ];
  const run = await runProgram('helm', args, options);
  switch (run.type) {
    case 'ok':
      return { ok: true, file: { name: `<helm ${dir}>`, text: run.stdout } };
    case 'missing':
      return {
        ok: false,
        message: `--helm ${dir}: helm is not on PATH; render the chart and pipe it in: helm ${args.map(shellWord).join(' ')} | kubereach VERB -`,
      };
    case 'failed':
      return { ok: false, message: `--helm ${dir}: helm template failed: ${firstLine(run.stderr)}` };
    case 'too-large':
      return { ok: false, message: `--helm ${dir}: the rendered output is over the limit for one input` };
  }
}

type ProgramRun =
  | { readonly type: 'ok'; readonly stdout: string }
  | { readonly type: 'missing' }
  | { readonly type: 'too-large' }
  | { readonly type: 'failed'; readonly program: string; readonly stderr: string };

function runProgram(program: string, args: readonly string[], options: RenderOptions): Promise<ProgramRun> {
  return new Promise((done) => {
    execFile(
      program,
      args,
      {
        cwd: resolve(options.cwd),
        env: options.env as NodeJS.ProcessEnv,
        maxBuffer: MAX_FILE_BYTES,
        encoding: 'utf8',
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        if (err === null) return done({ type: 'ok', stdout });
        const code = (err as { code?: unknown }).code;
        if (code === 'ENOENT' || code === 'EACCES') return done({ type: 'missing' });
        if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return done({ type: 'too-large' });
        done({ type: 'failed', program: `${program} ${args[0]}`, stderr: stderr || err.message });
      },
    );
  });
}

/** The first non-empty line of a program's error output, without helm's `Error: ` prefix. */
function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'no error message';
  return line.trim().replace(/^Error: /, '');
}

/** A word as a POSIX shell reads it back: quoted only when it needs to be. */
function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
