import { inSpan } from '@ledger/event-store';
import { APP_CONFIG, LOGGER, type AppLogger } from '@ledger/platform';
import type { Span } from '@opentelemetry/api';
import { Inject, Injectable } from '@nestjs/common';
import type { CommandApiConfig } from '../command-api.config';
import { EventStoreReadiness } from '../event-store/event-store-readiness';
import { eventStoreTimeout } from '../event-store/event-store-timeout';
import type { CommandContext } from './command-context';
import { failureOutcomeOf, problemOf, type CommandTarget } from './command-failure';
import { CommandMetrics, type CommandOutcome } from './command-metrics';
import { withinDeadline } from './within-deadline';

/** What every command answers with: accepted where it landed, or refused with a domain code. */
export interface CommandReply {
  /** True when the result was recorded by an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
  readonly result:
    | { readonly kind: 'accepted'; readonly revision: number; readonly position: string }
    | { readonly kind: 'refused'; readonly error: { readonly code: string } };
}

/** Which command runs on which stream, for the metrics, the log line and the problems. */
export interface CommandRun {
  readonly type: string;
  readonly streamId: string;
  readonly target: CommandTarget;
}

/**
 * What every command of the API goes through around its own work: 503 while the store is not
 * ready, COMMAND_TIMEOUT_MS at most, one metric and one `command handled` log line per outcome,
 * and each way of failing outside the domain's rules turned into the problem API.md promises.
 */
@Injectable()
export class CommandExecution {
  constructor(
    @Inject(APP_CONFIG) private readonly config: CommandApiConfig,
    @Inject(LOGGER) private readonly logger: AppLogger,
    private readonly readiness: EventStoreReadiness,
    private readonly metrics: CommandMetrics,
  ) {}

  execute<Reply extends CommandReply>(run: CommandRun, context: CommandContext, work: () => Promise<Reply>): Promise<Reply> {
    // The span the events are appended in: its context is what they store as `traceparent`.
    return inSpan(`command ${run.type}`, { 'ledger.command.type': run.type, 'ledger.stream.id': run.streamId }, (span) => this.executeIn(span, run, context, work));
  }

  private async executeIn<Reply extends CommandReply>(span: Span, run: CommandRun, context: CommandContext, work: () => Promise<Reply>): Promise<Reply> {
    const startedAt = process.hrtime.bigint();
    try {
      this.readiness.assertReady();
      const reply = await withinDeadline(work(), this.config.commandTimeoutMs, () => {
        this.logger.warn({ correlationId: context.metadata.correlationId, streamId: run.streamId, timeoutMs: this.config.commandTimeoutMs }, 'command ran out of time; its outcome is unknown to the client');
        return eventStoreTimeout();
      });
      this.record(span, run, context, reply.replayed ? 'replayed' : reply.result.kind, startedAt, reply.result);
      return reply;
    } catch (error) {
      this.record(span, run, context, failureOutcomeOf(error), startedAt);
      throw problemOf(error, run.target);
    }
  }

  private record(span: Span, run: CommandRun, context: CommandContext, outcome: CommandOutcome, startedAt: bigint, result?: CommandReply['result']): void {
    this.metrics.record(run.type, outcome, startedAt);
    span.setAttributes({
      'ledger.command.outcome': outcome,
      ...(result?.kind === 'accepted' ? { 'ledger.stream.revision': result.revision, 'ledger.store.position': result.position } : {}),
      ...(result?.kind === 'refused' ? { 'ledger.error.code': result.error.code } : {}),
    });
    const where = result?.kind === 'accepted' ? { revision: result.revision, position: result.position } : {};
    const code = result?.kind === 'refused' ? { code: result.error.code } : {};
    this.logger.info({ correlationId: context.metadata.correlationId, command: run.type, streamId: run.streamId, outcome, ...where, ...code }, 'command handled');
  }
}
