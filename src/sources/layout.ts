import type { Diagnostic } from '../model/diagnostics.js';

/** The file names kustomize looks for in a kustomization directory. */
const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** A directory that holds templates or patches rather than manifests. */
export type RenderedDirectory = 'kustomization' | 'helm-chart';

/**
 * Whether a directory with these entries must be rendered before it can be read: a
 * kustomization (its patches are not objects) or a Helm chart (its templates are not YAML).
 */
export function renderedDirectoryKind(entryNames: readonly string[]): RenderedDirectory | undefined {
  if (entryNames.some((n) => KUSTOMIZATION_FILES.has(n))) return 'kustomization';
  if (entryNames.includes('Chart.yaml')) return 'helm-chart';
  return undefined;
}

/**
 * The diagnostic for a directory that was not read because it must be rendered first (an error:
 * what it holds is left out of the evaluation).
 */
export function renderedDirectoryDiagnostic(dir: string, kind: RenderedDirectory): Diagnostic {
  const kustomize = kind === 'kustomization';
  return {
    code: 'NEEDS_RENDERING',
    severity: 'error',
    message: kustomize
      ? `${dir} is a kustomization: use -k ${dir}; its files are not read as manifests`
      : `${dir} is a Helm chart: use --helm ${dir}; its templates are not read as manifests`,
    source: { file: dir, line: 1, column: 1 },
    hint: kustomize
      ? `kubereach renders it with kubectl kustomize; or pipe it in: kubectl kustomize ${dir} | kubereach VERB -`
      : `kubereach renders it with helm template (--values, --set); or pipe it in: helm template ${dir} | kubereach VERB -`,
  };
}
