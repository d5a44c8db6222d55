/** A value `JSON.stringify` writes and `JSON.parse` reads back unchanged (so: no bigint). */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export type JsonObject = { readonly [key: string]: JsonValue };

/**
 * An event as it is stored and published: the registered wire name, the schema version its
 * `data` was written with, and JSON-safe data. The envelope (ids, positions, metadata) is the
 * event store's.
 */
export interface EncodedEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonObject;
}

/** A stored event as read back: its data is whatever the store holds, until decoded. */
export interface StoredEventData {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/**
 * A stored event this code cannot read: unknown wire name, a schema version newer than this
 * code or older with no upcaster, or data of the wrong shape. Never a silent skip.
 */
export class EventDecodeError extends Error {
  override readonly name = 'EventDecodeError';

  constructor(
    readonly eventType: string,
    readonly schemaVersion: number,
    detail: string,
  ) {
    super(`cannot decode ${eventType} v${schemaVersion}: ${detail}`);
  }
}

/** One field of stored data is missing or malformed; the decoder adds which event it was. */
export class InvalidFieldError extends Error {
  override readonly name = 'InvalidFieldError';
}
