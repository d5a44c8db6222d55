/** One thing read from a Server-Sent Events body: an event with its parsed JSON data, or a comment line. */
export type StreamItem = { readonly kind: 'event'; readonly event: string; readonly data: unknown } | { readonly kind: 'comment'; readonly text: string };

/** An open `fetch` of an event stream, read one item at a time the way the console page reads it. */
export interface EventStreamReader {
  readonly response: Response;
  /** The next item, or undefined once the server ended the stream. */
  next(): Promise<StreamItem | undefined>;
  /** The next event named `event`, skipping comments and other events. */
  nextEvent(event: string): Promise<unknown>;
  close(): void;
}

export async function openEventStream(url: string, headers: Readonly<Record<string, string>>): Promise<EventStreamReader> {
  const abort = new AbortController();
  const response = await fetch(url, { headers, signal: abort.signal });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  const next = async (): Promise<StreamItem | undefined> => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end !== -1) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        return itemOf(block);
      }
      // An aborted read (the test closed it) is the end too.
      const chunk: { done: boolean; value?: Uint8Array } | undefined = await reader?.read().catch(() => ({ done: true }));
      if (chunk === undefined || chunk.done) return undefined;
      buffered += decoder.decode(chunk.value, { stream: true });
    }
  };
  return {
    response,
    next,
    nextEvent: async (event) => {
      for (let item = await next(); item !== undefined; item = await next()) if (item.kind === 'event' && item.event === event) return item.data;
      throw new Error(`the stream ended before a ${event} event`);
    },
    close: () => abort.abort(),
  };
}

function itemOf(block: string): StreamItem {
  if (block.startsWith(':')) return { kind: 'comment', text: block.slice(1).trim() };
  const fields = new Map(block.split('\n').map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trimStart()]));
  return { kind: 'event', event: fields.get('event') ?? 'message', data: JSON.parse(fields.get('data') ?? 'null') };
}
