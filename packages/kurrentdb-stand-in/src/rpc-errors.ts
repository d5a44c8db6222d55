// Part of the KurrentDB TEST STAND-IN (see serve.ts): gRPC errors as the
// client reads them (status code plus EventStoreDB's `exception` trailer, see convertToCommandError).
import { Metadata, status } from '@grpc/grpc-js';

/** A gRPC status error; it is a `ServerErrorResponse`, so it can be handed to grpc-js as is. */
export class RpcError extends Error {
  readonly details: string;
  readonly metadata = new Metadata();

  constructor(
    readonly code: status,
    details: string,
    trailers: Readonly<Record<string, string>> = {},
  ) {
    super(details);
    this.name = 'RpcError';
    this.details = details;
    for (const [key, value] of Object.entries(trailers)) this.metadata.set(key, value);
  }
}

export const invalidArgument = (details: string): RpcError => new RpcError(status.INVALID_ARGUMENT, details);

export const unimplemented = (method: string): RpcError =>
  new RpcError(status.UNIMPLEMENTED, `${method} is not implemented by the KurrentDB test stand-in`);

/** The client turns it into RequiredMetadataPropertyMissingError. */
export const requiredMetadataPropertyMissing = (property: string): RpcError =>
  new RpcError(status.INVALID_ARGUMENT, `Required Metadata Property '${property}' is missing`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });

/** The client turns it into MaxAppendSizeExceededError. */
export const maximumAppendSizeExceeded = (maximumAppendSize: number): RpcError =>
  new RpcError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maximumAppendSize} Exceeded.`, {
    exception: 'maximum-append-size-exceeded',
    'maximum-append-size': String(maximumAppendSize),
  });

/** Anything unexpected becomes INTERNAL, with its message, rather than a silent hang. */
export function asRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  return new RpcError(status.INTERNAL, error instanceof Error ? error.message : String(error));
}
