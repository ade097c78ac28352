/** Escaping for text that comes from user files (class names, paths) on its way into the HTML report. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside an element or a quoted attribute: `<img onerror=x>` → `&lt;img onerror=x&gt;`. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/**
 * JSON safe inside `<script type="application/json">`: `<` becomes `\u003c`, which JSON.parse reads
 * back as `<`, so no `</script>` in a class name can close the element.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/**
 * JavaScript source safe inside `<script>`: the HTML parser ends a script at `</script` and changes
 * state at `<!--`, wherever they are (strings, comments). `<\/` and `<\!` mean the same in a JS string,
 * regex or comment.
 */
export function scriptForHtml(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
