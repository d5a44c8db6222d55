// A lean HTTP/1.1 client over keep-alive connections (node:http), one connection per client
// at most: the load generator shares the process with the API, so it should cost little.
import { Agent, request } from 'node:http';

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

export interface HttpClient {
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpAnswer>;
  get(path: string): Promise<HttpAnswer>;
  close(): void;
}

/** `headers` go with every request (the caller's bearer token): per-call ones are added over them. */
export function httpClient(baseUrl: string, connections: number, headers: Readonly<Record<string, string>> = {}): HttpClient {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const { hostname, port } = new URL(baseUrl);
  const send = (method: 'GET' | 'POST', path: string, payload: string | undefined, extra: Record<string, string>): Promise<HttpAnswer> =>
    new Promise((resolve, reject) => {
      const sent = request(
        {
          agent,
          hostname,
          port,
          path,
          method,
          headers: payload === undefined ? { ...headers, ...extra } : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)), ...extra },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('error', reject);
          response.once('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      sent.once('error', reject);
      sent.end(payload);
    });
  return {
    post: (path, body, headers = {}) => send('POST', path, JSON.stringify(body), headers),
    get: (path) => send('GET', path, undefined, {}),
    close: () => agent.destroy(),
  };
}
