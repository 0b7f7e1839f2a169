/**
 * Structural checks of a SARIF 2.1.0 log against what GitHub code scanning requires
 * (docs.github.com "SARIF support for code scanning"): version, runs, tool.driver with rules,
 * results with ruleId, level, message.text and a physical location with a relative URI and a
 * 1-based region. Returns the problems found, empty when the log is acceptable.
 */
export function validateSarif(log: unknown): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);
  if (!isObject(log)) return ['log: not an object'];
  if (log.version !== '2.1.0') fail('version', 'must be "2.1.0"');
  if (typeof log.$schema !== 'string' || !log.$schema.includes('sarif'))
    fail('$schema', 'must name the SARIF schema');
  if (!Array.isArray(log.runs) || log.runs.length === 0)
    return [...problems, 'runs: must be a non-empty array'];
  log.runs.forEach((run: unknown, r: number) => {
    const at = `runs[${r}]`;
    if (!isObject(run) || !isObject(run.tool) || !isObject(run.tool.driver)) {
      fail(at, 'tool.driver is required');
      return;
    }
    const driver = run.tool.driver;
    if (typeof driver.name !== 'string' || driver.name === '') fail(`${at}.tool.driver.name`, 'required');
    const rules = Array.isArray(driver.rules) ? driver.rules : [];
    const ids = rules.map((rule: unknown, i: number) => {
      const where = `${at}.tool.driver.rules[${i}]`;
      if (!isObject(rule) || typeof rule.id !== 'string') {
        fail(where, 'id is required');
        return undefined;
      }
      if (!isObject(rule.shortDescription) || typeof rule.shortDescription.text !== 'string')
        fail(where, 'shortDescription.text is required');
      const level = isObject(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
      if (level !== undefined && !LEVELS.includes(level as string)) fail(where, `bad level ${String(level)}`);
      return rule.id;
    });
    if (new Set(ids).size !== ids.length) fail(`${at}.tool.driver.rules`, 'ids must be unique');
    if (!Array.isArray(run.results)) {
      fail(at, 'results must be an array');
      return;
    }
    run.results.forEach((result: unknown, i: number) => {
      const where = `${at}.results[${i}]`;
      if (!isObject(result)) {
        fail(where, 'not an object');
        return;
      }
      if (typeof result.ruleId !== 'string' || !ids.includes(result.ruleId))
        fail(where, 'ruleId must name a rule');
      if (result.ruleIndex !== undefined && ids[result.ruleIndex as number] !== result.ruleId)
        fail(where, 'ruleIndex must point at the rule');
      if (!LEVELS.includes(result.level as string)) fail(where, `bad level ${String(result.level)}`);
      if (!isObject(result.message) || typeof result.message.text !== 'string' || result.message.text === '')
        fail(where, 'message.text is required');
      if (!Array.isArray(result.locations) || result.locations.length === 0) {
        fail(where, 'locations are required');
        return;
      }
      result.locations.forEach((loc: unknown, j: number) => {
        const pl = isObject(loc) && isObject(loc.physicalLocation) ? loc.physicalLocation : undefined;
        if (
          pl === undefined ||
          !isObject(pl.artifactLocation) ||
          typeof pl.artifactLocation.uri !== 'string'
        ) {
          fail(`${where}.locations[${j}]`, 'physicalLocation.artifactLocation.uri is required');
          return;
        }
        const uri = pl.artifactLocation.uri;
        if (uri.includes('\\') || uri.startsWith('/') || uri.startsWith('./') || /^[a-z]+:/i.test(uri))
          fail(`${where}.locations[${j}]`, `uri ${uri} must be relative with forward slashes`);
        const region = pl.region;
        if (!isObject(region) || !isPositiveInt(region.startLine))
          fail(`${where}.locations[${j}]`, 'region.startLine must be a positive integer');
        else if (region.startColumn !== undefined && !isPositiveInt(region.startColumn))
          fail(`${where}.locations[${j}]`, 'region.startColumn must be a positive integer');
      });
      if (result.partialFingerprints !== undefined) {
        if (!isObject(result.partialFingerprints)) fail(where, 'partialFingerprints must be an object');
        else
          for (const v of Object.values(result.partialFingerprints))
            if (typeof v !== 'string') fail(where, 'partialFingerprints values are strings');
      }
    });
  });
  return problems;
}

const LEVELS = ['none', 'note', 'warning', 'error'];

// biome-ignore lint/suspicious/noExplicitAny: the log is walked field by field after these checks
function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPositiveInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1;
}
