import type { z } from 'zod';
import { ApiErrorBody } from '../../domain';
import { ApiError, InvalidResponseError, NetworkError, codeForStatus, isErrorCode } from './api-error';

/** Same origin in production and behind the dev proxy. */
const BASE_URL = '';

/** A request that hangs in a stairwell with one bar of signal is treated like no signal at all. */
const TIMEOUT_MS = 30_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function requestJson<S extends z.ZodType>(path: string, schema: S, options: RequestOptions = {}): Promise<z.output<S>> {
  const { status, text } = await send(path, options);
  const parsed = schema.safeParse(parseJson(text));
  if (!parsed.success) throw new InvalidResponseError(`Unexpected response from ${path} (${status})`);
  return parsed.data;
}

export async function requestNoContent(path: string, options: RequestOptions = {}): Promise<void> {
  await send(path, options);
}

/** A file the server makes (the import report's .xlsx): the bytes as they came, errors read as for JSON. */
export async function requestBytes(path: string, options: RequestOptions = {}): Promise<ArrayBuffer> {
  return (await exchange(path, options, (response) => response.arrayBuffer())).body;
}

async function send(path: string, options: RequestOptions): Promise<{ status: number; text: string }> {
  const { status, body } = await exchange(path, options, (response) => response.text());
  return { status, text: body };
}

/** One request: the success body read by `read`, an error status thrown as ApiError from its JSON body. */
async function exchange<T>(path: string, options: RequestOptions, read: (response: Response) => Promise<T>): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;

  // A logout aborts what is under way; a request whose caller has already given up is not sent at all.
  options.signal?.throwIfAborted();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const forwardAbort = () => controller.abort();
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  let response: Response;
  let body: T | undefined;
  let errorText = '';
  try {
    response = await fetch(`${BASE_URL}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // Member data lives in IndexedDB; the HTTP cache must never hold or answer it.
      cache: 'no-store',
      credentials: 'same-origin',
      signal: controller.signal,
    });
    if (response.ok) body = await read(response);
    else errorText = await response.text();
  } catch (cause) {
    throw new NetworkError(cause instanceof Error ? cause.message : 'Network request failed', { cause });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', forwardAbort);
  }

  if (!response.ok) throw toApiError(response.status, errorText);
  return { status: response.status, body: body as T };
}

function toApiError(status: number, text: string): ApiError {
  const body = ApiErrorBody.safeParse(parseJson(text));
  if (body.success) {
    const { code, message, details } = body.data.error;
    return new ApiError(status, isErrorCode(code) ? code : codeForStatus(status), message, details ?? []);
  }
  return new ApiError(status, codeForStatus(status), `HTTP ${status}`);
}

function parseJson(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
