import { sanitize } from './style.js';

/** Escapes text for HTML element content and quoted attribute values; control characters are shown as `\u001b`. */
export function escapeHtml(text: string): string {
  return sanitize(text)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
