import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { runReachabilityTests } from '../../assert/run.js';
import { parseTestSpec } from '../../assert/spec.js';
import type { ReachabilityTestSpec } from '../../assert/types.js';
import type { CheckResult } from '../../engine/check.js';
import { compileCluster } from '../../engine/compile.js';
import { explainCheck } from '../../explain/index.js';
import type { CheckExplanation } from '../../explain/types.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { hasErrors } from '../../model/diagnostics.js';
import { checkToJson } from '../../render/check-json.js';
import { renderCheckText } from '../../render/check-text.js';
import { renderDiagnostics, selectDiagnostics } from '../../render/diagnostics.js';
import { renderJunit, renderJunitErrors } from '../../render/junit.js';
import type { Style } from '../../render/style.js';
import { testRunToJson } from '../../render/test-json.js';
import { renderTestText } from '../../render/test-text.js';
import { readInputFiles } from '../../sources/files.js';
import { loadInput } from '../input.js';
import { CliError, type CliIo, EXIT, pickStyle } from '../io.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { reportDiagnostics } from '../output.js';

interface TestOptions extends CommonOptions {
  readonly junit?: string;
}

const EXAMPLES = `
The spec (YAML):
  apiVersion: kubereach/v1
  kind: ReachabilityTest
  tests:
    - name: dev1 reaches demo2 on 80          # optional
      from: dev1/demo1                          # NAMESPACE/NAME, NAMESPACE/KIND/NAME, an IP,
      to: dev2/demo2                            #   NAMESPACE/* or {namespace: NS, selector: app=web}
      port: 80                                  # number or name; default 80
      protocol: TCP                             # default TCP
      expect: allowed                           # allowed | denied | no-such-port | ...

Exit codes: 0 every test passed, 1 a test failed, 2 usage error, 3 invalid spec or input.

Examples:
  kubereach test examples/tutorial/reachability-test.yaml examples/tutorial
  kubereach test policy-tests.yaml -R k8s/ --junit reports/reachability.xml`;

/** `kubereach test SPEC [PATHS]`: assert reachability, for CI. */
export function registerTest(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('test')
    .description('assert who may and may not reach whom (a ReachabilityTest spec), for CI')
    .argument('<spec>', 'the ReachabilityTest spec file')
    .argument('[paths...]', 'manifest files or directories (- for stdin)')
    .option('--junit <file>', 'also write the results as JUnit XML to FILE')
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, ['text', 'json'], 'text').action(
    async (specPath: string, paths: string[], options: TestOptions) => {
      const style = pickStyle(io, options.color);
      const read = await readInputFiles([specPath], { stdin: io.readStdin, cwd: io.cwd });
      const specFile = read.files[0];
      if (specFile === undefined || read.files.length > 1) {
        io.stderr(renderDiagnostics(selectDiagnostics(read.diagnostics, {}), style));
        throw new CliError(
          specFile === undefined ? `cannot read the spec ${specPath}` : `the spec ${specPath} is a directory`,
          EXIT.input,
          'the first argument is the ReachabilityTest file, then the manifests: kubereach test SPEC PATHS',
        );
      }
      const parsed = parseTestSpec(specFile);
      if (hasErrors(parsed.diagnostics)) {
        await fail(io, options, style, parsed.spec, parsed.diagnostics, 'the test spec has errors');
        return;
      }
      reportDiagnostics(io, parsed.diagnostics, options, style);
      const { cluster, diagnostics } = await loadInput(paths, options, io);
      reportDiagnostics(io, diagnostics, options, style);
      const compiled = compileCluster(cluster, options.cni === undefined ? {} : { cni: options.cni });
      const run = runReachabilityTests(
        compiled,
        parsed.spec,
        options.namespace === undefined ? {} : { defaultNamespace: options.namespace },
      );
      if (hasErrors(run.diagnostics)) {
        await fail(
          io,
          options,
          style,
          parsed.spec,
          run.diagnostics,
          'the tests name endpoints the input does not have',
        );
        return;
      }
      reportDiagnostics(io, run.diagnostics, options, style);
      const explanations = new WeakMap<CheckResult, CheckExplanation>();
      const explained = (r: CheckResult) => {
        let e = explanations.get(r);
        if (e === undefined) {
          e = explainCheck(compiled, r);
          explanations.set(r, e);
        }
        return e;
      };
      const explain = (r: CheckResult, s: Style) =>
        renderCheckText(explained(r), s, options.verbose ?? false);
      if (options.junit !== undefined) await write(io, options.junit, renderJunit(run, explain));
      if (options.output === 'json') {
        const checkJson = (r: CheckResult) => checkToJson(r, explained(r), cluster.locator);
        io.stdout(`${JSON.stringify(testRunToJson(run, checkJson, run.diagnostics), null, 2)}\n`);
      } else
        io.stdout(
          renderTestText(run, style, {
            explain,
            ...(options.verbose ? { verbose: true } : {}),
            ...(options.quiet ? { quiet: true } : {}),
          }),
        );
      // an assertion decided at run time (L7, FQDN) is not proved: it fails the run too
      setExit(run.failed > 0 || run.undecidable > 0 ? EXIT.negative : EXIT.ok);
    },
  );
}

/** Reports spec errors (and writes them as JUnit errors when asked), then exits 3. */
async function fail(
  io: CliIo,
  options: TestOptions,
  style: Style,
  spec: ReachabilityTestSpec,
  diagnostics: readonly Diagnostic[],
  message: string,
): Promise<never> {
  io.stderr(
    renderDiagnostics(selectDiagnostics(diagnostics, options.verbose ? { verbose: true } : {}), style),
  );
  if (options.junit !== undefined) await write(io, options.junit, renderJunitErrors(spec, diagnostics));
  throw new CliError(message, EXIT.input);
}

async function write(io: CliIo, path: string, text: string): Promise<void> {
  try {
    await writeFile(resolve(io.cwd, path), text, 'utf8');
  } catch (err) {
    throw new CliError(`cannot write ${path}: ${(err as Error).message}`, EXIT.input);
  }
}
