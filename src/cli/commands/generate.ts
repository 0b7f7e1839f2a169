import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve as resolvePath } from 'node:path';
import { type Command, Option } from 'commander';
import { generatePolicies, type IntentSource } from '../../generate/generate.js';
import type { Dialect } from '../../generate/types.js';
import { renderVerification } from '../../render/generate-text.js';
import { loadInput } from '../input.js';
import { CliError, type CliIo, EXIT, pickStyle, usageError } from '../io.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { reportDiagnostics } from '../output.js';

interface GenerateOptions extends CommonOptions {
  readonly fromCurrent?: boolean;
  readonly flows?: string;
  readonly spec?: string;
  readonly dialect: Dialect;
  readonly out?: string;
  readonly verify?: boolean;
  readonly force?: boolean;
}

const EXAMPLES = `
The intent comes from one of: --from-current (freeze what the input allows today, e.g. before
moving to default-deny), --flows FILE (Hubble's \`hubble observe -o json\` lines, or a CSV of
src,dst,port,protocol with endpoints as NS/NAME or IPs), or --spec FILE (a ReachabilityTest: its
\`expect: allowed\` tests). The output: a default deny per namespace, then per workload the
ingress and egress it needs, pods selected by stable labels, namespaces by
kubernetes.io/metadata.name, Services by their target ports, each rule commented with the flows
it serves; for flows and specs, DNS to kube-dns for every source, named as such.

The generated set is always verified against the intent on every port: a set that does not
reproduce it is not written (exit 1, the difference on stderr) unless --force. --verify prints
the proof either way.

Examples:
  # Freeze today's connectivity as policies, one file per namespace, proved equal
  kubereach generate --from-current --verify --out policies/ examples/online-shop

  # Least privilege from observed traffic
  hubble observe -o json --since 24h > flows.json
  kubereach generate --flows flows.json -R k8s/ > policies.yaml

  # From what the tests say must be allowed, as CiliumNetworkPolicies
  kubereach generate --spec examples/tutorial/reachability-test.yaml --dialect cilium examples/tutorial`;

/** `kubereach generate`: least-privilege policies from flows, a spec or today's connectivity. */
export function registerGenerate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('generate')
    .description('generate least-privilege policies from flows, a test spec or the current connectivity')
    .argument('[paths...]', 'manifest files or directories (- for stdin): the cluster to write policies for')
    .option('--from-current', "the intent is today's connectivity")
    .option('--flows <file>', 'the intent is the flows of a Hubble JSON export or a CSV')
    .option('--spec <file>', 'the intent is the allowed tests of a ReachabilityTest file')
    .addOption(
      new Option('--dialect <dialect>', 'the policies to write')
        .choices(['networkpolicy', 'cilium'])
        .default('networkpolicy'),
    )
    .option('--out <dir>', 'write one file per namespace into DIR instead of stdout')
    .option('--verify', 'print what the verification proved')
    .option('--force', 'write the policies even when they do not reproduce the intent')
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, ['yaml'], 'yaml').action(async (paths: string[], options: GenerateOptions) => {
    const style = pickStyle({ ...io, stdoutIsTTY: io.stderrIsTTY }, options.color);
    const chosen = [options.fromCurrent === true, options.flows, options.spec].filter(
      (x) => x !== undefined && x !== false,
    );
    if (chosen.length !== 1)
      throw usageError(
        chosen.length === 0 ? 'generate needs an intent' : 'give one intent only',
        'one of --from-current, --flows FILE, --spec FILE',
      );
    const { diagnostics, files } = await loadInput(paths, options, io);
    reportDiagnostics(io, diagnostics, options, style);
    if (files === undefined)
      throw usageError(
        'generate needs manifests',
        'save the cluster with kubereach snapshot > cluster.yaml and pass it',
      );
    const source = await intentSource(options, io);
    const result = generatePolicies(files, source, {
      dialect: options.dialect,
      ...(options.cni === undefined ? {} : { cni: options.cni }),
    });
    for (const p of result.problems) io.stderr(`${p.where}: ${p.message} (left out)\n`);
    const failed = result.verification.status === 'different';
    if (options.verify === true || failed) io.stderr(renderVerification(result, style));
    if (failed && options.force !== true) {
      io.stderr(
        'kubereach: nothing written: the generated policies do not reproduce the intent\n  hint: --force writes them anyway\n',
      );
      setExit(EXIT.negative);
      return;
    }
    if (options.out !== undefined) {
      const dir = resolvePath(io.cwd, options.out);
      await mkdir(dir, { recursive: true });
      for (const [ns, text] of result.files) {
        await writeFile(join(dir, `${ns}.yaml`), text, 'utf8');
        if (!options.quiet) io.stderr(`wrote ${join(options.out, `${ns}.yaml`)}\n`);
      }
    } else io.stdout([...result.files.values()].join('---\n'));
    setExit(failed ? EXIT.negative : EXIT.ok);
  });
}

async function intentSource(options: GenerateOptions, io: CliIo): Promise<IntentSource> {
  if (options.fromCurrent === true) return { type: 'current' };
  const name = (options.flows ?? options.spec)!;
  let text: string;
  try {
    text = name === '-' ? await io.readStdin() : await readFile(resolvePath(io.cwd, name), 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${name}: ${(err as Error).message}`, EXIT.input);
  }
  const file = { name, text };
  return options.flows !== undefined ? { type: 'flows', file } : { type: 'spec', file };
}
