/**
 * Text made safe to put in HTML, in element content and in attribute values alike.
 */

/** Escapes `&`, `<`, `>`, `"` and `'` for HTML, so the text shows as written inside elements and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
