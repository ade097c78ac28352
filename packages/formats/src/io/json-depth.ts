/**
 * How deep a JSON text nests, checked on the text before anything walks the parsed value. V8's
 * JSON.parse reads any depth, but JSON.stringify, structured cloning and every recursive walker
 * overflow the stack somewhere past a few thousand levels ("Maximum call stack size exceeded"), so
 * a 100,000-level `info` in a COCO file would crash the writer that re-serialises it. No dataset
 * format nests more than a dozen levels, and Python's json module (pycocotools, labelme,
 * cityscapesScripts) stops near 1,000, so deeper documents are refused where they are read.
 *
 * Cost: one pass over the characters, jumping over strings with indexOf (about 30 ms for a 27 MB
 * COCO file on this machine, against some 100 ms for JSON.parse). The path to the offending value
 * (`annotations[0].attributes`) is worked out only when a document is refused.
 */

/** The deepest nesting of arrays and objects a JSON input may have. */
export const MAX_JSON_DEPTH = 1000;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_LIST = 91;
const CLOSE_LIST = 93;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;

/** Index just past the string whose opening quote is at `start` (the text's end if it never closes). */
function skipString(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end >= 0) {
    // An escaped quote has an odd number of backslashes before it.
    let slashes = 0;
    for (let k = end - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return end + 1;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}

/**
 * The offset of the first `[` or `{` that opens level `max + 1` of a JSON text, or -1 when it nests
 * `max` levels or fewer. The text is assumed to be JSON (parsed already); brackets in strings do not count.
 */
export function jsonDepthExceeded(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i) - 1;
    } else if (c === OPEN_LIST || c === OPEN_OBJECT) {
      if (++depth > max) return i;
    } else if (c === CLOSE_LIST || c === CLOSE_OBJECT) {
      depth--;
    }
  }
  return -1;
}

/**
 * Where in the document the bracket at `offset` is, as a path from the root of at most `parts`
 * steps: `annotations[0].attributes` (keys that are not plain names quoted: `["a b"]`), with `…`
 * when the path goes on. The slow path, run only for a refused document.
 */
export function jsonPathAt(text: string, offset: number, parts = 3): string {
  // One frame per open container: its kind, the key or index of the value being read in it.
  const frames: { list: boolean; key: string; index: number }[] = [];
  let pendingKey = '';
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    const top = frames[frames.length - 1];
    if (c === QUOTE) {
      const end = skipString(text, i);
      if (top !== undefined && !top.list && frames.length <= parts) {
        // In an object a string followed by ':' is the key of the value that comes next.
        let k = end;
        while (k < text.length && /\s/.test(text[k])) k++;
        if (text[k] === ':') pendingKey = decodeKey(text.slice(i, end));
      }
      i = end - 1;
    } else if (c === OPEN_LIST || c === OPEN_OBJECT) {
      if (top !== undefined && !top.list) top.key = pendingKey;
      frames.push({ list: c === OPEN_LIST, key: '', index: 0 });
    } else if (c === CLOSE_LIST || c === CLOSE_OBJECT) {
      frames.pop();
    } else if (c === 44 /* , */ && top?.list) {
      top.index++;
    }
  }
  const top = frames[frames.length - 1];
  if (top !== undefined && !top.list) top.key = pendingKey;
  const steps = frames.map((frame) => (frame.list ? `[${frame.index}]` : keyStep(frame.key)));
  const shown = steps.slice(0, parts).join('').replace(/^\./, '');
  return steps.length > parts ? `${shown}…` : shown === '' ? 'the document' : shown;
}

function decodeKey(quoted: string): string {
  try {
    return String(JSON.parse(quoted));
  } catch {
    return quoted.slice(1, -1);
  }
}

const keyStep = (key: string): string => (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);

/** 1-based line of `offset` in `text`. */
export function jsonLineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
