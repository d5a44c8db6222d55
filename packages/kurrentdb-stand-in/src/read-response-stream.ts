// Part of the KurrentDB TEST STAND-IN (see serve.ts): the server side of
// one Read call, written with backpressure and stopped when the client cancels or the stand-in closes.
import { once } from 'node:events';
import { type ServerWritableStream } from '@grpc/grpc-js';
import { type ReadReq, type ReadResp } from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';
import { type RpcError } from './rpc-errors';

export class ReadResponseStream {
  readonly #call: ServerWritableStream<ReadReq, ReadResp>;
  readonly #stopped = new AbortController();

  constructor(call: ServerWritableStream<ReadReq, ReadResp>, closing: AbortSignal) {
    this.#call = call;
    const stop = (): void => this.#stopped.abort();
    call.on('cancelled', stop);
    call.on('close', stop);
    if (closing.aborted) stop();
    else closing.addEventListener('abort', stop, { once: true, signal: this.#stopped.signal });
  }

  /** Aborted once nothing more can be sent. */
  get stopped(): AbortSignal {
    return this.#stopped.signal;
  }

  /** Sends one message, waiting while the client is slow; false once the call is over. */
  async send(message: ReadResp): Promise<boolean> {
    if (this.#stopped.signal.aborted) return false;
    if (!this.#call.write(message)) {
      try {
        await once(this.#call, 'drain', { signal: this.#stopped.signal });
      } catch {
        return false;
      }
    }
    return !this.#stopped.signal.aborted;
  }

  end(): void {
    if (this.#stopped.signal.aborted) return;
    this.#call.end();
    this.#stopped.abort();
  }

  fail(error: RpcError): void {
    if (this.#stopped.signal.aborted) return;
    // grpc-js turns an 'error' on a server stream into the call's status.
    this.#call.emit('error', error);
    this.#stopped.abort();
  }
}
