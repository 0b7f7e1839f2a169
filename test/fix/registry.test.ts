import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIX_STRATEGIES } from '../../src/fix/registry.js';

describe('the fix strategy registry', () => {
  it('has unique kebab-case ids, each serving one wish', () => {
    const ids = FIX_STRATEGIES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of FIX_STRATEGIES) {
      expect(s.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['allowed', 'denied']).toContain(s.want);
      expect(s.summary.length).toBeGreaterThan(10);
    }
  });

  it('has one source file per strategy under src/fix/strategies', () => {
    const files = readdirSync('src/fix/strategies').map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(FIX_STRATEGIES.map((s) => s.id).sort());
  });

  it('has a test that expects each strategy by id', () => {
    const tests = readdirSync('test/fix')
      .filter((f) => f.endsWith('.test.ts') && f !== 'registry.test.ts')
      .map((f) => readFileSync(`test/fix/${f}`, 'utf8'))
      .join('\n');
    const untested = FIX_STRATEGIES.filter((s) => !tests.includes(`strategy: '${s.id}'`)).map((s) => s.id);
    expect(untested).toEqual([]);
  });

  it('is documented in the README, strategy by strategy', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(FIX_STRATEGIES.filter((s) => !readme.includes(`\`${s.id}\``)).map((s) => s.id)).toEqual([]);
  });
});
