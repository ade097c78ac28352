import { readFileBytes } from '@segkit/jobs';
import { UsageError } from '../report.js';

/** A refusal of the server, as the CLI reports it: one line with the server's code, exit 1. */
export class ServerRefusal extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export interface ServerOptions {
  server?: string;
  token?: string;
}

/** Calls the segkit server with the bearer token (`--token` or SEGKIT_TOKEN); errors as ServerRefusal. */
export function serverClient(options: ServerOptions) {
  const base = (options.server ?? process.env.SEGKIT_SERVER)?.replace(/\/+$/, '');
  const token = options.token ?? process.env.SEGKIT_TOKEN;
  if (base === undefined) throw new UsageError('--server URL is required (or SEGKIT_SERVER)');
  if (token === undefined) throw new UsageError('--token T is required (or SEGKIT_TOKEN)');
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && !(body instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : body instanceof Uint8Array ? body : JSON.stringify(body),
      });
    } catch (error) {
      throw new ServerRefusal(0, 'UNREACHABLE', `cannot reach ${base}: ${(error as Error).message}`);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (response.status >= 400) {
      let code = `HTTP_${response.status}`;
      let message = `${method} ${path} answered ${response.status}`;
      try {
        const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as {
          error?: { code?: string; message?: string };
        };
        code = parsed.error?.code ?? code;
        message = parsed.error?.message ?? message;
      } catch {}
      throw new ServerRefusal(response.status, code, message);
    }
    return { bytes, json: <T>() => JSON.parse(Buffer.from(bytes).toString('utf8')) as T };
  };
  return { base, call };
}

/** A multipart/form-data body of files (field `file`) and text fields. */
export async function multipartBody(
  files: ReadonlyArray<{ name: string; path?: string; bytes?: Uint8Array }>,
  fields: Record<string, string> = {},
): Promise<{ body: Uint8Array; headers: Record<string, string> }> {
  const boundary = `----segkit${Date.now().toString(16)}${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    // Regular files only, sized before they are read (a FIFO in an image folder is refused, not waited on).
    const bytes = file.bytes ?? (await readFileBytes(file.path as string));
    const safe = file.name.replace(/["\r\n]/g, '_');
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${safe}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(bytes),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: new Uint8Array(Buffer.concat(parts)),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
