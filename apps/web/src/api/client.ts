/**
 * The one place the web app talks HTTP. The browser is authenticated by the session cookie the
 * server sets at login; every write echoes the `segkit_csrf` cookie in `X-CSRF-Token` (api.md).
 */

/** An answer that is not 2xx, with the server's `{"error": {"code", "message"}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Dispatched on window when the API answers 401 (the session ended): the app shows the login page. */
export const LOGGED_OUT_EVENT = 'segkit:logged-out';

export function csrfToken(): string {
  for (const part of document.cookie.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === 'segkit_csrf') return decodeURIComponent(value.join('='));
  }
  return '';
}

async function send<T>(method: string, url: string, body?: BodyInit, contentType?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  const response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  const text = await response.text();
  const json = text === '' ? undefined : (JSON.parse(text) as unknown);
  if (!response.ok) {
    if (response.status === 401 && url !== '/api/auth/login') window.dispatchEvent(new Event(LOGGED_OUT_EVENT));
    const error = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `${method} ${url} answered ${response.status}`,
    );
  }
  return json as T;
}

export const api = {
  get: <T>(url: string) => send<T>('GET', url),
  post: <T>(url: string, body: unknown = {}) => send<T>('POST', url, JSON.stringify(body), 'application/json'),
  put: <T>(url: string, body: unknown) => send<T>('PUT', url, JSON.stringify(body), 'application/json'),
  patch: <T>(url: string, body: unknown) => send<T>('PATCH', url, JSON.stringify(body), 'application/json'),
  /** A 204 answers undefined. */
  delete: (url: string) => send<undefined>('DELETE', url),
  /** multipart/form-data: the browser sets the content type with its boundary. */
  upload: <T>(url: string, form: FormData) => send<T>('POST', url, form),
};
