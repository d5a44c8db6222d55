import { AdminError, type ProjectorAdminClient, type RebuildView } from './admin-client';
import { CommandFailed, type CliIo } from './cli-io';
import { ProgressLine } from './progress-line';
import { fittedRebuildProgress, formatCount } from './rebuild-progress';

/** API.md asks for a poll; twice a second keeps the bar lively at negligible cost to the projector. */
const POLL_MS = 500;
const ended = new Set<RebuildView['state']>(['completed', 'failed', 'abandoned']);

const statusCommand = (name: string, rebuildId: string) => `npm run ledger -- projections rebuild-status ${name} ${rebuildId} --follow`;

/** `projections rebuild <name> [--no-wait]`: starts a rebuild, then follows it to its end (or just prints its id). */
export async function projectionsRebuild(client: ProjectorAdminClient, name: string, wait: boolean, io: CliIo): Promise<string> {
  let rebuildId: string;
  try {
    ({ rebuildId } = await client.startRebuild(name));
  } catch (error) {
    throw alreadyRunning(error, name) ?? error;
  }
  if (!wait) return rebuildId;
  return outcomeOf(await follow(client, name, rebuildId, io));
}

/** `projections rebuild-status <name> <rebuildId> [--follow]`: where it stands now, or followed to its end. */
export async function rebuildStatus(client: ProjectorAdminClient, name: string, rebuildId: string, followIt: boolean, io: CliIo): Promise<string> {
  if (followIt) return outcomeOf(await follow(client, name, rebuildId, io));
  const view = await client.rebuild(name, rebuildId);
  const error = view.error === null ? '' : `\nerror: ${view.error}`;
  return `${fittedRebuildProgress(view, undefined)}\nstate: ${view.state}${error}`;
}

/** Polls until the rebuild ends, drawing its progress; the rebuild goes on if this stops (Ctrl-C, network). */
async function follow(client: ProjectorAdminClient, name: string, rebuildId: string, io: CliIo): Promise<RebuildView> {
  const line = new ProgressLine(io);
  for (;;) {
    let view: RebuildView;
    try {
      view = await client.rebuild(name, rebuildId);
    } catch (error) {
      if (!(error instanceof AdminError)) throw error;
      throw new AdminError(`${error.message}\nThe rebuild goes on without this terminal; follow it again with: ${statusCommand(name, rebuildId)}`, error.problem);
    }
    const text = fittedRebuildProgress(view, io.progress.columns);
    if (ended.has(view.state)) {
      line.finish(text);
      return view;
    }
    line.show(text);
    await io.sleep(POLL_MS);
  }
}

function outcomeOf(view: RebuildView): string {
  const reason = view.error ?? 'no reason recorded';
  if (view.state === 'failed') throw new CommandFailed(`the rebuild ${view.rebuildId} of ${view.projection} failed: ${reason}\nThe live read model is unchanged.`);
  if (view.state === 'abandoned') throw new CommandFailed(`the rebuild ${view.rebuildId} of ${view.projection} was abandoned: ${reason}`);
  return `${view.projection} rebuilt: ${formatCount(view.processed)} events in ${secondsBetween(view.startedAt, view.finishedAt)} s; the new read model is live.`;
}

function secondsBetween(startedAt: string, finishedAt: string | null): string {
  if (finishedAt === null) return '?';
  return ((Date.parse(finishedAt) - Date.parse(startedAt)) / 1_000).toFixed(1);
}

/** A 409 REBUILD_IN_PROGRESS said with what to do about it: follow the running one. */
function alreadyRunning(error: unknown, name: string): CommandFailed | undefined {
  if (!(error instanceof AdminError) || error.problem['code'] !== 'REBUILD_IN_PROGRESS') return undefined;
  const running = error.problem['rebuildId'];
  if (typeof running !== 'string') {
    return new CommandFailed(`a rebuild of ${name} is already running (another projector instance is starting it); see npm run ledger -- projections status`);
  }
  return new CommandFailed(`a rebuild of ${name} is already running: ${running}\nFollow it with: ${statusCommand(name, running)}`);
}
