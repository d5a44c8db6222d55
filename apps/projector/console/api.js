// @ts-check
import { currentToken } from './auth.js';

/** A failed call to the API, carrying the problem+json's `code` and `detail`. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} detail
   */
  constructor(status, code, detail) {
    super(`${code}: ${detail}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/**
 * Calls the admin API relative to the page (so it works under /console/ and /admin/console/)
 * with the operator's token; any answer other than 2xx becomes an ApiError.
 * @param {string} path relative to the page, e.g. `../projections`
 * @param {{ method?: string, body?: unknown, signal?: AbortSignal }} [options]
 * @returns {Promise<any>}
 */
export async function callApi(path, options = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json, application/problem+json' };
  const token = currentToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK_ERROR', 'The projector could not be reached.');
  }
  if (!response.ok) throw await problemOf(response);
  return response.status === 204 ? null : response.json();
}

/** @param {Response} response */
export async function problemOf(response) {
  const fallback = `${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    return new ApiError(response.status, String(body.code ?? `HTTP_${response.status}`), String(body.detail ?? body.title ?? fallback));
  } catch {
    return new ApiError(response.status, `HTTP_${response.status}`, fallback);
  }
}
