import type { ServerResponse } from 'node:http';

/**
 * One Server-Sent Events response. A client that does not keep up gets no backlog: while the
 * socket's buffer is full, events are dropped, and the next one sent is fresh anyway.
 */
export class SseConnection {
  constructor(private readonly response: ServerResponse) {}

  get closed(): boolean {
    return this.response.writableEnded || this.response.destroyed;
  }

  /** One event; JSON never holds a raw line break, so the data fits on one `data:` line. */
  send(event: string, data: unknown): void {
    this.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** A comment line: ignored by SSE parsers, but it keeps proxies and idle timeouts from closing the connection. */
  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  end(): void {
    if (!this.closed) this.response.end();
  }

  private write(chunk: string): void {
    if (this.closed || this.response.writableNeedDrain) return;
    this.response.write(chunk);
  }
}
