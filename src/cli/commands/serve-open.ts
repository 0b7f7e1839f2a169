import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openUrl } from '../open-url.js';

/**
 * Opens the studio's tokened URL in the browser without putting the token on a command line
 * (which every user of the machine can read in the process list): the URL goes into a page only
 * the user can read, which sends the browser on. The page is removed by `cleanup`.
 */
export function openStudio(
  url: string,
  platform: string,
  open: (url: string, platform: string) => void = openUrl,
): { cleanup: () => void } {
  let dir: string;
  try {
    dir = mkdtempSync(join(tmpdir(), 'kubereach-open-'));
  } catch {
    open(url, platform);
    return { cleanup: () => {} };
  }
  const file = join(dir, 'open-studio.html');
  const target = JSON.stringify(url).replace(/</g, '\\u003c');
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  writeFileSync(
    file,
    `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${attr}">` +
      `<title>kubereach studio</title><p><a href="${attr}">Open the kubereach studio</a></p>` +
      `<script>window.location.replace(${target})</script>\n`,
    { mode: 0o600 },
  );
  open(pathToFileURL(file).href, platform);
  return { cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
