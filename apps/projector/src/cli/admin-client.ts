/** What the CLI reads from the projector admin API (the shapes of its responses). */
export interface ProjectionView {
  readonly name: string;
  readonly version: number;
  readonly state: string;
  readonly lag: { readonly events: number | null; readonly seconds: number | null };
  readonly applied: number;
  readonly deadLetters: number | null;
  readonly waiting: number | null;
  readonly lastError: string | null;
  /** The running rebuild; absent from projectors older than rebuilds. */
  readonly rebuild?: RebuildSummaryView | null;
}

export interface RebuildSummaryView {
  readonly id: string;
  readonly state: string;
  readonly processed: number;
  readonly total: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
}

export interface RebuildStartedView {
  readonly rebuildId: string;
  readonly state: string;
}

export interface RebuildView {
  readonly rebuildId: string;
  readonly projection: string;
  readonly state: 'running' | 'swapping' | 'completed' | 'failed' | 'abandoned';
  readonly processed: number;
  readonly total: number;
  readonly eventsPerSecond: number;
  readonly etaSeconds: number | null;
  readonly error: string | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export interface DeadLetterView {
  readonly id: number;
  readonly projection: string;
  readonly status: string;
  readonly streamId: string | null;
  readonly revision: number | null;
  readonly type: string | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly blockedBy: number | null;
  /** Who retried or skipped it and why; absent from projectors older than skip reasons. */
  readonly resolution?: { readonly by: string; readonly reason: string | null; readonly at: string } | null;
}

export interface DeadLetterActionView {
  readonly outcome: 'retried' | 'skipped';
  readonly released: number;
  readonly stillWaiting: number;
  readonly blockedBy: number | null;
  readonly deadLetter: DeadLetterView;
}

export interface DeadLetterQuery {
  readonly projection?: string;
  readonly status?: string;
  readonly limit?: number;
}

/** A failed call, said the way an operator can act on it; `problem` is the projector's problem+json, when it answered one. */
export class AdminError extends Error {
  override readonly name = 'AdminError';

  constructor(
    message: string,
    readonly problem: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

type Fetch = (url: string, init?: { method?: string; headers?: Record<string, string>; body?: string }) => Promise<Response>;

/** The projector admin API over HTTP (API.md, "Projector admin"). */
export class ProjectorAdminClient {
  /** `token`: an operator's access token (LEDGER_TOKEN), sent as a bearer token on every call. */
  constructor(
    readonly baseUrl: string,
    private readonly fetchImpl: Fetch = fetch,
    private readonly token?: string,
  ) {}

  async projections(): Promise<ProjectionView[]> {
    return (await this.call<{ items: ProjectionView[] }>('GET', '/projections')).items;
  }

  pause(name: string): Promise<ProjectionView> {
    return this.call('POST', `/projections/${encodeURIComponent(name)}/pause`);
  }

  resume(name: string): Promise<ProjectionView> {
    return this.call('POST', `/projections/${encodeURIComponent(name)}/resume`);
  }

  async deadLetters(query: DeadLetterQuery): Promise<DeadLetterView[]> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, String(value));
    const suffix = search.size === 0 ? '' : `?${search.toString()}`;
    return (await this.call<{ items: DeadLetterView[] }>('GET', `/dead-letters${suffix}`)).items;
  }

  startRebuild(name: string): Promise<RebuildStartedView> {
    return this.call('POST', `/projections/${encodeURIComponent(name)}/rebuilds`);
  }

  rebuild(name: string, rebuildId: string): Promise<RebuildView> {
    return this.call('GET', `/projections/${encodeURIComponent(name)}/rebuilds/${encodeURIComponent(rebuildId)}`);
  }

  retry(id: number): Promise<DeadLetterActionView> {
    return this.call('POST', `/dead-letters/${id}/retry`);
  }

  /** Without a reason no body is sent: a projector older than skip reasons still answers. */
  skip(id: number, reason?: string): Promise<DeadLetterActionView> {
    return this.call('POST', `/dead-letters/${id}/skip`, reason === undefined ? undefined : { reason });
  }

  private async call<T>(method: string, path: string, payload?: Readonly<Record<string, unknown>>): Promise<T> {
    let response: Response;
    try {
      const headers: Record<string, string> = this.token === undefined ? {} : { authorization: `Bearer ${this.token}` };
      if (payload !== undefined) headers['content-type'] = 'application/json';
      response = await this.fetchImpl(`${this.baseUrl}${path}`, { method, headers, ...(payload === undefined ? {} : { body: JSON.stringify(payload) }) });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new AdminError(`cannot reach the projector at ${this.baseUrl} (${cause}); is it running? PROJECTOR_URL says where it listens`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const hint = response.status === 401 && this.token === undefined ? `; ${TOKEN_HINT}` : '';
      throw new AdminError(`${problemMessage(response.status, body)}${hint}`, typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {});
    }
    return body as T;
  }
}

/** What an operator without a token is told to do. */
export const TOKEN_HINT =
  'set LEDGER_TOKEN to an operator\'s access token (in development: export LEDGER_TOKEN=$(npm run -s ledger -- token --sub <you> --role operator))';

function problemMessage(status: number, body: unknown): string {
  if (typeof body === 'object' && body !== null) {
    const { detail, code } = body as { detail?: unknown; code?: unknown };
    if (typeof detail === 'string') return typeof code === 'string' ? `${detail} (${code})` : detail;
  }
  return `the projector answered ${status}`;
}
