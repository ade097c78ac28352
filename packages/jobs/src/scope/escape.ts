/*
 * HTML escaping for the scope page. A local stand-in: the shared report helpers are moving to
 * packages/jobs/src/report-html on another branch; on merge this import points there.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text from user files (class names, paths) made safe inside an element or a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
