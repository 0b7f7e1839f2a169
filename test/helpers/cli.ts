import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in-process with captured output, no colours, from the repository root. */
export async function run(
  argv: readonly string[],
  options: { stdin?: string; env?: Record<string, string>; cwd?: string } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: options.cwd ?? process.cwd(),
  });
  return { code, stdout, stderr };
}
