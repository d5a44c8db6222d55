import { APP_CONFIG, LOGGER, atMostEvery, type AppLogger } from '@ledger/platform';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';

/** Response headers as Fastify keeps them before sending. */
export type HeaderValues = Readonly<Record<string, string | number | readonly string[] | undefined>>;
import type { ProjectorConfig } from '../projector.config';
import { ConsoleSnapshots } from './console-snapshots';
import { SseConnection } from './sse-connection';
import { tokenExpiryOf } from './token-expiry';

const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** A comment at least this often, whatever the snapshot interval: proxies commonly drop a connection silent for 30 s or more. */
const KEEP_ALIVE_MAX_MS = 15_000;
const FAILURE_WARNING_EVERY_MS = 30_000;

/**
 * The open console streams of this instance: at most CONSOLE_MAX_STREAMS, each sent a snapshot at
 * once and then every CONSOLE_STREAM_INTERVAL_MS. They end when the client goes, when its token
 * expires, and all of them before the app shuts down (`onModuleDestroy` runs first): a response
 * still open would keep the HTTP server, and so SIGTERM, waiting.
 */
@Injectable()
export class ConsoleStreams implements OnModuleDestroy {
  private readonly open = new Set<() => void>();
  private readonly keepAliveMs: number;
  private readonly failureWarningDue = atMostEvery(FAILURE_WARNING_EVERY_MS);
  private closing = false;

  constructor(
    private readonly snapshots: ConsoleSnapshots,
    @Inject(APP_CONFIG) private readonly config: ProjectorConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    // Well inside HTTP_CONNECTION_TIMEOUT_MS, the idle time after which the server drops a socket.
    this.keepAliveMs = Math.min(KEEP_ALIVE_MAX_MS, Math.floor(config.httpConnectionTimeoutMs / 3));
  }

  /** Whether one more stream may open now (not while shutting down). */
  hasRoom(): boolean {
    return !this.closing && this.open.size < this.config.consoleMaxStreams;
  }

  get count(): number {
    return this.open.size;
  }

  /** Takes over `response` (the caller has hijacked it) until one of the ends above. */
  serve(requestHeaders: IncomingHttpHeaders, response: ServerResponse, headers: HeaderValues): void {
    const all: HeaderValues = {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      // Nginx-style proxies (the future gateway) would otherwise buffer the stream.
      'x-accel-buffering': 'no',
      // A stream is never followed by another request on its connection: closing the socket when
      // the stream ends leaves no idle keep-alive connection behind, which (on Node 22) held the
      // HTTP server's close, and so SIGTERM, until HTTP_CONNECTION_TIMEOUT_MS.
      connection: 'close',
    };
    for (const [name, value] of Object.entries(all)) if (value !== undefined) response.setHeader(name, value);
    response.writeHead(200);
    const connection = new SseConnection(response);
    const authorization = requestHeaders.authorization;
    let busy = false;
    const tick = async (): Promise<void> => {
      // A slow snapshot is not stacked up behind: the next tick after it finishes sends a fresh one.
      if (busy || connection.closed) return;
      busy = true;
      try {
        connection.send('snapshot', await this.snapshots.snapshot(authorization));
      } catch (error) {
        if (this.failureWarningDue()) this.logger.warn({ err: error }, 'console stream: snapshot failed');
      } finally {
        busy = false;
      }
    };
    const timers = [setInterval(() => void tick(), this.config.consoleStreamIntervalMs), setInterval(() => connection.comment('keep-alive'), this.keepAliveMs)];
    const expiry = tokenExpiryOf(authorization);
    // Node fires a longer timeout (over 2³¹ − 1 ms, about 24.8 days) at once; closing a stream with a
    // token that outlives that early is harmless: the page reconnects with the same token.
    const expiring = expiry === undefined ? undefined : setTimeout(() => close(), Math.min(MAX_TIMEOUT_MS, Math.max(0, expiry.getTime() - Date.now())));
    const close = (): void => {
      for (const timer of timers) clearInterval(timer);
      clearTimeout(expiring);
      this.open.delete(close);
      connection.end();
    };
    this.open.add(close);
    response.on('close', close);
    connection.comment('keep-alive');
    void tick();
  }

  onModuleDestroy(): void {
    this.closing = true;
    for (const close of [...this.open]) close();
  }
}
