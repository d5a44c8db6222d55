/** The relay as the console shows it; never an error: a relay away is a fact to show. */
export type RelayView =
  | {
      readonly reachable: true;
      readonly role: string;
      /** Store positions are 64-bit: strings, like everywhere in the API. */
      readonly checkpoint: string;
      readonly head: string;
      readonly lag: string;
      readonly lagSeconds: number;
    }
  | { readonly reachable: false; readonly error: string };

/** A snapshot goes out every second; a relay slower than this is shown as unreachable for that one. */
const RELAY_TIMEOUT_MS = 1_000;

const isDecimal = (value: unknown): value is string => typeof value === 'string' && /^\d{1,20}$/.test(value);

/**
 * Asks the relay's `GET /relay` (operator only) how it stands. The projector has no credentials
 * of its own: it forwards the console operator's bearer token, so the relay checks that operator
 * exactly as it would any other caller.
 */
export class RelayClient {
  private readonly statusUrl: string;

  constructor(
    relayUrl: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.statusUrl = new URL('relay', relayUrl.endsWith('/') ? relayUrl : `${relayUrl}/`).href;
  }

  async status(authorization: string | undefined): Promise<RelayView> {
    let response: Response;
    try {
      response = await this.fetchImpl(this.statusUrl, {
        headers: authorization === undefined ? {} : { authorization },
        signal: AbortSignal.timeout(RELAY_TIMEOUT_MS),
      });
    } catch (error) {
      return { reachable: false, error: `cannot reach the relay at ${this.statusUrl}: ${causeOf(error)}` };
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) return { reachable: false, error: `the relay answered ${response.status}${detailOf(body)}` };
    return viewOf(body) ?? { reachable: false, error: 'the relay answered something other than its status' };
  }
}

function viewOf(body: unknown): RelayView | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { role, checkpoint, head, lag, lagSeconds } = body as Record<string, unknown>;
  if (typeof role !== 'string' || !isDecimal(checkpoint) || !isDecimal(head) || !isDecimal(lag) || typeof lagSeconds !== 'number') return undefined;
  return { reachable: true, role, checkpoint, head, lag, lagSeconds };
}

function causeOf(error: unknown): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${RELAY_TIMEOUT_MS} ms`;
  if (error instanceof Error && error.cause instanceof Error) return error.cause.message;
  return error instanceof Error ? error.message : String(error);
}

function detailOf(body: unknown): string {
  const { code, detail } = (typeof body === 'object' && body !== null ? body : {}) as { code?: unknown; detail?: unknown };
  return typeof code === 'string' ? ` ${code}${typeof detail === 'string' ? `: ${detail}` : ''}` : '';
}
