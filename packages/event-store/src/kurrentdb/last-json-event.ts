import { isStreamNotFound, type StreamsClient } from './streams-client';

/**
 * The newest JSON event of a stream of the adapter's own (a snapshot, a key's record) with its
 * revision; undefined when the stream does not exist or holds no JSON event.
 */
export async function lastJsonEvent<Data>(client: StreamsClient, streamName: string): Promise<{ data: Data; revision: bigint } | undefined> {
  try {
    // Read to its end rather than left early: a read left open keeps the client from closing.
    let found: { data: Data; revision: bigint } | undefined;
    for await (const resolved of client.readStream(streamName, { direction: 'backwards', fromRevision: 'end', maxCount: 1 })) {
      if (resolved.event?.isJson === true) found ??= { data: resolved.event.data as Data, revision: resolved.event.revision };
    }
    return found;
  } catch (error) {
    if (isStreamNotFound(error)) return undefined;
    throw error;
  }
}
