import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openStudio } from '../../src/cli/commands/serve-open.js';

describe('serve --open', () => {
  it('never puts the token on a command line: the browser gets a file only the user can read', () => {
    const url = 'http://127.0.0.1:7457/?token=abc-DEF_123&x="<y>';
    const opened: string[] = [];
    const { cleanup } = openStudio(url, 'linux', (u) => opened.push(u));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/^file:\/\//);
    expect(opened[0]).not.toContain('abc-DEF_123');
    const file = fileURLToPath(opened[0]!);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('content="0;url=http://127.0.0.1:7457/?token=abc-DEF_123&amp;x=&quot;&lt;y>"');
    expect(page).toContain(
      'window.location.replace("http://127.0.0.1:7457/?token=abc-DEF_123&x=\\"\\u003cy>")',
    );
    cleanup();
    expect(existsSync(file)).toBe(false);
  });
});
