import { SESSION_PATH, TOKEN_HEADER } from '../../src/server/protocol.js';

/**
 * Trades the token of the URL `kubereach serve` printed (`?token=…`) for the session cookie, and
 * takes the token out of the address bar and the history. Without a token in the URL the cookie
 * of an earlier visit is the session; the server refuses the manifests when there is none.
 */
export async function startSession(): Promise<void> {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  const response = await fetch(`.${SESSION_PATH}`, {
    method: 'POST',
    headers: { [TOKEN_HEADER]: token },
    cache: 'no-store',
  });
  if (!response.ok)
    throw new Error('the token in the address is not this studio’s; open the URL kubereach serve printed');
}
