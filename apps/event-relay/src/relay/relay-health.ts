import { type HealthDetails } from '@ledger/platform';
import { type RelayStatus } from './relay-status';

/**
 * The relay's line on /health. A standby is healthy: waiting is its job. A leader whose passes
 * keep failing is not, and says why; so is a relay that stopped.
 */
export async function relayHealth(status: RelayStatus): Promise<HealthDetails> {
  const report = await status.report();
  if (report.role === 'stopped') throw new Error('the relay is stopped');
  if (report.failure !== undefined) {
    const { error, since, attempts } = report.failure;
    throw new Error(`publishing fails since ${since.toISOString()} (${attempts} attempts): ${error}`);
  }
  return { role: report.role, checkpoint: report.checkpoint.toString(), head: report.head.toString(), lag: Number(report.lag) };
}
