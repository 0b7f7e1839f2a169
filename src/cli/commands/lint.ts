import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { CONFIG_FILE_NAMES, type LintConfig, parseLintConfig } from '../../lint/config.js';
import { diagnosticRule } from '../../lint/diagnostics.js';
import { atLeast, type LintOptions, lintCluster, resolveRules, unknownRuleIds } from '../../lint/lint.js';
import { LINT_RULES, suggestRuleId } from '../../lint/registry.js';
import type { Finding } from '../../lint/types.js';
import type { Severity } from '../../model/diagnostics.js';
import type { Cluster } from '../../model/types.js';
import { renderLintGithub } from '../../render/lint-github.js';
import { renderLintJson } from '../../render/lint-json.js';
import { renderLintSarif } from '../../render/lint-sarif.js';
import { renderLintText } from '../../render/lint-text.js';
import type { Style } from '../../render/style.js';
import { renderTable } from '../../render/table.js';
import { NotRegularFile, readRegularFile } from '../../sources/files.js';
import { VERSION } from '../../version.js';
import { loadInput } from '../input.js';
import { CliError, type CliIo, EXIT, pickStyle, usageError } from '../io.js';
import { addCommonOptions, type CommonOptions } from '../options.js';
import { reportDiagnostics } from '../output.js';

interface LintCliOptions extends CommonOptions {
  readonly failOn?: Severity;
  readonly enable?: string[];
  readonly disable?: string[];
  readonly strict?: boolean;
  readonly config?: string;
  readonly listRules?: boolean;
}

const EXAMPLES = `
Examples:
  # Lint the manifests of a directory (tree with -R)
  kubereach lint -R manifests/

  # Fail the build on warnings too, as GitHub annotations
  kubereach lint manifests/ --fail-on warning -o github

  # SARIF for GitHub code scanning
  kubereach lint manifests/ -o sarif > kubereach.sarif

  # Every rule, stricter severities; one rule off
  kubereach lint manifests/ --strict --disable workload-not-isolated

Rules are configured in .kubereach.yaml (found in the working directory) or --config FILE:
  lint:
    failOn: warning
    rules: { egress-blocks-dns: error, namespace-not-isolated: off }
    ignore: [{ rule: policy-selects-nothing, object: "legacy/*" }]`;

const collectIds = (value: string, previous: string[] | undefined) => [
  ...(previous ?? []),
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
];

/** `kubereach lint`: the classic NetworkPolicy mistakes, before they reach a cluster. */
export function registerLint(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const cmd = program
    .command('lint')
    .description('find NetworkPolicy mistakes: selectors matching nothing, blocked DNS, stray rules, …')
    .argument('[paths...]', 'manifest files or directories (- for stdin)')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a finding is at least this severe (default: error)',
      ).choices(['error', 'warning', 'info']),
    )
    .option('--enable <rule>', 'run a rule that is off by default (repeatable, comma-separated)', collectIds)
    .option('--disable <rule>', 'do not run a rule (repeatable, comma-separated)', collectIds)
    .option('--strict', 'run every rule, and raise informational rules to warnings')
    .option(
      '--config <file>',
      `config file (default: ${CONFIG_FILE_NAMES.join(' or ')} in the working directory)`,
    )
    .option('--list-rules', 'list the rules and exit')
    .addHelpText('after', EXAMPLES);
  addCommonOptions(cmd, ['text', 'json', 'sarif', 'github'], 'text').action(
    async (paths: string[], options: LintCliOptions) => {
      const style = pickStyle(io, options.color);
      const loaded = await loadConfig(options.config, io);
      const lintOptions = buildLintOptions(
        options,
        loaded?.config,
        cmd.getOptionValueSource('cni') === undefined || cmd.getOptionValueSource('cni') === 'default',
      );
      if (options.listRules) {
        io.stdout(renderRuleList(lintOptions));
        setExit(EXIT.ok);
        return;
      }
      const input = await loadInput(paths, options, io);
      // The config file sits next to the manifests and is read with them: it is not a manifest.
      const configFile = loaded === undefined ? undefined : resolve(io.cwd, loaded.file);
      const diagnostics = input.diagnostics.filter(
        (d) =>
          configFile === undefined || d.source === undefined || resolve(io.cwd, d.source.file) !== configFile,
      );
      reportDiagnostics(
        io,
        diagnostics.filter((d) => diagnosticRule(d) === undefined),
        options,
        style,
      );
      let findings = lintCluster({ ...input.cluster, diagnostics }, lintOptions);
      if (options.namespace !== undefined && !options.allNamespaces)
        findings = filterNamespace(findings, options.namespace);
      io.stdout(render(findings, options.output ?? 'text', lintOptions, style, policyCount(input.cluster)));
      const failOn = options.failOn ?? loaded?.config.failOn ?? 'error';
      setExit(findings.some((f) => atLeast(f.severity, failOn)) ? EXIT.negative : EXIT.ok);
    },
  );
}

/** A lint config is a few lines; anything larger is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Reads `--config FILE`, or the first config file found in the working directory. */
async function loadConfig(
  path: string | undefined,
  io: CliIo,
): Promise<{ file: string; config: LintConfig } | undefined> {
  const candidates = path === undefined ? CONFIG_FILE_NAMES : [path];
  for (const file of candidates) {
    let text: string;
    try {
      const bytes = await readRegularFile(resolve(io.cwd, file), MAX_CONFIG_BYTES);
      if (bytes === undefined) throw usageError(`config file ${file} is over ${MAX_CONFIG_BYTES} bytes`);
      text = bytes.toString('utf8');
    } catch (err) {
      if (err instanceof CliError) throw err;
      if (path === undefined && (err as { code?: string }).code === 'ENOENT') continue;
      if (err instanceof NotRegularFile)
        throw usageError(`config file ${file} is ${err.kind}, not a regular file`);
      throw usageError(
        `config file ${file} cannot be read (${(err as { code?: string }).code ?? String(err)})`,
      );
    }
    const parsed = parseLintConfig(text);
    if (parsed.problems.length > 0) {
      throw new CliError(
        `config file ${file} is not valid:\n${parsed.problems.map((p) => `  ${p}`).join('\n')}`,
        EXIT.usage,
        'kubereach lint --help shows the format; --list-rules lists the rule ids',
      );
    }
    return { file, config: parsed.config };
  }
  return undefined;
}

/** Config first, then flags: `--enable`/`--disable` win over the file. */
function buildLintOptions(
  options: LintCliOptions,
  config: LintConfig | undefined,
  cniIsDefault: boolean,
): LintOptions {
  const ids = [...(options.enable ?? []), ...(options.disable ?? [])];
  const unknown = unknownRuleIds(ids);
  if (unknown.length > 0) {
    const close = suggestRuleId(unknown[0]!);
    throw usageError(
      `unknown rule ${JSON.stringify(unknown[0])}`,
      close === undefined ? 'kubereach lint --list-rules lists the rules' : `did you mean ${close}?`,
    );
  }
  const cni = cniIsDefault ? (config?.cni ?? options.cni) : options.cni;
  return {
    ...(cni === undefined ? {} : { cni }),
    strict: options.strict === true || config?.strict === true,
    rules: config?.rules ?? {},
    enable: options.enable ?? [],
    disable: options.disable ?? [],
    ignore: config?.ignore ?? [],
  };
}

function render(
  findings: readonly Finding[],
  output: string,
  options: LintOptions,
  style: Style,
  policies: number,
) {
  switch (output) {
    case 'json':
      return renderLintJson(findings);
    case 'sarif':
      return renderLintSarif(findings, resolveRules(options), { version: VERSION });
    case 'github':
      return renderLintGithub(findings);
    default:
      return renderLintText(findings, style, { policies });
  }
}

/** Keeps findings about objects of `namespace` (and the namespace itself, and file-level ones). */
function filterNamespace(findings: readonly Finding[], namespace: string): Finding[] {
  return findings.filter(
    (f) =>
      f.object === undefined ||
      f.object.namespace === namespace ||
      (f.object.kind === 'Namespace' && f.object.name === namespace),
  );
}

function renderRuleList(options: LintOptions): string {
  const rows = resolveRules(options).map((a) => [
    a.rule.id,
    a.enabled ? (a.severity === 'info' ? 'note' : a.severity) : 'off',
    a.rule.summary,
  ]);
  return renderTable(['RULE', 'SEVERITY', 'CATCHES'], rows) + `${LINT_RULES.length} rules.\n`;
}

/** Policies of every dialect the lint run checked. */
function policyCount(cluster: Cluster): number {
  return cluster.policies.length + cluster.adminPolicies.length + cluster.ciliumPolicies.length;
}
