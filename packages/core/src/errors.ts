/**
 * Typed errors for everything the mask core rejects. Each carries a stable `code` for programs and a
 * message that names the offending values for people.
 */

export type SegkitErrorCode =
  | 'INVALID_SIZE'
  | 'SIZE_MISMATCH'
  | 'INVALID_MASK'
  | 'INVALID_RLE'
  | 'INVALID_RLE_STRING'
  | 'INVALID_POLYGON'
  | 'INVALID_BBOX'
  // Raised by the format and IO layers, which locate them by file and item:
  | 'INVALID_JSON'
  | 'INVALID_DATASET'
  | 'INVALID_PNG'
  | 'UNSUPPORTED'
  // A resource limit (pixels, classes, vertices, file size) was passed; see limits.ts.
  | 'LIMIT'
  // Where outputs go (see formats' io/output-name.ts and the Node layer's staged sink):
  // a data-supplied name that would leave the output folder or that no file system can hold;
  | 'UNSAFE_PATH'
  // two items (or two outputs, or an output and an input) that would be the same file;
  | 'OUTPUT_CONFLICT'
  // a non-empty output folder, replaced only when asked (`--overwrite`);
  | 'OUTPUT_EXISTS'
  // an input that is neither a regular file nor a folder (a FIFO, socket or device: reading one can hang).
  | 'NOT_A_FILE'
  | 'IO';

export class SegkitError extends Error {
  readonly code: SegkitErrorCode;
  /** Where the problem is, e.g. `annotation 17` or `part 2`; prefixed to the message by `withContext`. */
  readonly context: readonly string[];

  constructor(code: SegkitErrorCode, message: string, context: readonly string[] = []) {
    super(context.length > 0 ? `${context.join(': ')}: ${message}` : message);
    this.name = 'SegkitError';
    this.code = code;
    this.context = context;
  }

  /** The bare message, without the context prefix. */
  get detail(): string {
    const prefix = this.context.length > 0 ? `${this.context.join(': ')}: ` : '';
    return this.message.slice(prefix.length);
  }

  /**
   * The same error, located more precisely (outermost context first). Locating an error where it
   * already is changes nothing, so layers that each name the file never print it twice
   * ("a.json: a.json: …").
   */
  withContext(where: string): SegkitError {
    if (this.message.startsWith(`${where}: `)) return this;
    const located = new SegkitError(this.code, this.detail, [where, ...this.context]);
    located.stack = this.stack;
    return located;
  }
}

export const isSegkitError = (value: unknown): value is SegkitError => value instanceof SegkitError;
