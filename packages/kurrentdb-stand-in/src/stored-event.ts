// Part of the KurrentDB TEST STAND-IN (see serve.ts): what it keeps in memory.

/** An event as the client proposed it, after validation. `eventId` is a lower-case canonical UUID. */
export interface ProposedEvent {
  readonly eventId: string;
  readonly type: string;
  /** EventStoreDB keeps only "is JSON or not": any other content type reads back as application/octet-stream. */
  readonly isJson: boolean;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

export interface StoredEvent extends ProposedEvent {
  readonly streamId: string;
  /** 0, 1, 2, ... within the stream, without gaps. */
  readonly revision: bigint;
  /** Store-wide log position; each event is its own commit, so commit == prepare == position. */
  readonly position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  readonly createdTicks: bigint;
}

/** A position in $all as a client sends it; the stand-in's own events always have commit == prepare. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** The client's expected revision; `no_stream` is -1 and `any`/`stream_exists` skip the exact check. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;
