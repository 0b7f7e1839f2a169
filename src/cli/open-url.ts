import { spawn } from 'node:child_process';

/**
 * Opens a URL in the user's browser with the platform's opener (`open`, `xdg-open`, `start`).
 * Best effort: a missing opener is not an error, the URL is printed anyway.
 */
export function openUrl(url: string, platform: string): void {
  const [command, args] =
    platform === 'darwin'
      ? ['open', [url]]
      : platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true });
    child.on('error', () => {});
    child.unref();
  } catch {
    // no opener: the URL is on the terminal
  }
}
