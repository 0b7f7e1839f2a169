import { writeFile } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { type Command, Option } from 'commander';
import { FixTargetError, proposeFixes } from '../../fix/propose.js';
import type { FixReport, Want } from '../../fix/types.js';
import type { Protocol } from '../../model/types.js';
import { fixToJson } from '../../render/fix-json.js';
import { renderFixPatch, renderFixText } from '../../render/fix-text.js';
import { loadInput } from '../input.js';
import { CliError, type CliIo, EXIT, pickStyle, usageError } from '../io.js';
import { addCommonOptions, type CommonOptions, parsePort, parseProtocol } from '../options.js';
import { reportDiagnostics } from '../output.js';

interface FixOptions extends CommonOptions {
  readonly port: number | string;
  readonly protocol: Protocol;
  readonly want: Want;
  readonly apply?: number;
  readonly proposal?: number;
  readonly all?: boolean;
}

const EXAMPLES = `
Every proposal is applied to a copy of the input and evaluated: it is shown only if it makes
the connection what --want asks, with every other connection it changes. Repairs of an evident
mistake (a label key, a missing namespaceSelector, the Service port for the target port, a
stray dash, a policy in the wrong namespace) come first, then the edits with fewest side
effects, then the smallest. --apply N writes proposal N into the files, touching only the
lines it changes.

Examples:
  # What opens http-echo's 8080 to demo1, and what else each option opens
  kubereach fix dev1/demo1 dev2/http-echo --port 8080 --want allowed examples/tutorial

  # Close a connection that should not be open; as a patch for git apply
  kubereach fix web/admin api/server --port 9000 --want denied -o patch k8s/ > fix.patch

  # Write the best proposal into the manifests
  kubereach fix shop/deploy/web data/svc/db --port 5432 --want allowed --apply 1 -R k8s/`;

/** `kubereach fix SRC DST --want allowed|denied`: verified edits that make it so. */
export function registerFix(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('fix')
    .description('propose verified policy edits that make a connection allowed or denied')
    .argument('<src>', 'source endpoint')
    .argument('<dst>', 'destination endpoint')
    .argument('[paths...]', 'manifest files or directories (- for stdin)')
    .option('-p, --port <port>', 'destination port number or name (default 80, as curl)', parsePort, 80)
    .option('--protocol <protocol>', 'TCP, UDP or SCTP', parseProtocol, 'TCP' as Protocol)
    .addOption(
      new Option('--want <verdict>', 'what the connection should be')
        .choices(['allowed', 'denied'])
        .makeOptionMandatory(),
    )
    .option('--apply <n>', 'write proposal N into the files (no prompt) and print what changed', parseIndex)
    .option('--proposal <n>', 'the proposal -o patch prints (default 1)', parseIndex)
    .option('--all', 'also list edits that were tried and do not work')
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, ['text', 'json', 'patch'], 'text').action(
    async (srcText: string, dstText: string, paths: string[], options: FixOptions) => {
      const style = pickStyle(io, options.color);
      const { diagnostics, files, rendered } = await loadInput(paths, options, io);
      reportDiagnostics(io, diagnostics, options, style);
      if (
        files === undefined ||
        files.length === 0 ||
        files.every((f) => f.name === '-' || f.name === '<stdin>')
      ) {
        if (options.apply !== undefined || files === undefined)
          throw usageError(
            'fix edits manifest files; it needs paths',
            'save the cluster with kubereach snapshot > cluster.yaml, or pass the manifests you apply',
          );
      }
      let report: FixReport;
      try {
        report = proposeFixes(
          files ?? [],
          {
            src: srcText,
            dst: dstText,
            port: options.port,
            protocol: options.protocol,
            want: options.want,
            ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
          },
          { ...(options.cni === undefined ? {} : { cni: options.cni }), keepFailing: options.all ?? false },
        );
      } catch (err) {
        if (err instanceof FixTargetError) throw usageError(err.message, err.hint);
        throw err;
      }
      const working = report.proposals.filter((p) => p.works);
      if (options.apply !== undefined) {
        const chosen = working[options.apply - 1];
        if (chosen === undefined)
          throw new CliError(
            `there is no proposal ${options.apply} that works (${working.length} found)`,
            EXIT.negative,
            'run without --apply to see them',
          );
        const generated = chosen.files.filter((f) => (rendered ?? []).includes(f.file));
        if (generated.length > 0)
          throw usageError(
            `proposal ${options.apply} edits ${generated.map((f) => f.file).join(', ')}, which kustomize or Helm rendered`,
            'apply it to the sources by hand (-o patch shows the change), or pass the rendered manifests as files',
          );
        for (const f of chosen.files) await writeFile(resolvePath(io.cwd, f.file), f.after, 'utf8');
        io.stdout(`applied ${options.apply}: ${chosen.title}\n`);
        io.stdout(renderFixPatch(chosen));
        setExit(EXIT.ok);
        return;
      }
      if (options.output === 'json') io.stdout(`${JSON.stringify(fixToJson(report), null, 2)}\n`);
      else if (options.output === 'patch') {
        const chosen = working[(options.proposal ?? 1) - 1];
        if (chosen === undefined)
          throw new CliError(`there is no proposal ${options.proposal ?? 1} that works`, EXIT.negative);
        io.stdout(renderFixPatch(chosen));
      } else io.stdout(renderFixText(report, style, options.verbose ?? false));
      const done = report.blocker?.code === 'ALREADY';
      setExit(done || working.length > 0 ? EXIT.ok : EXIT.negative);
    },
  );
}

function parseIndex(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw usageError(`${JSON.stringify(value)} is not a proposal number`, 'proposals are numbered from 1');
  return n;
}
