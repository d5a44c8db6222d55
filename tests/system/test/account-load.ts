import { randomUUID } from 'node:crypto';
import { withTestToken } from '@ledger/platform/testing';

/** One command as a client would send it. */
export interface CommandRequest {
  readonly path: string;
  readonly body: Record<string, string>;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed by its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const cents = (random: () => number, max: number) => (1 + Math.floor(random() * max * 100)) / 100;

/**
 * A day of traffic on `accounts` accounts: mostly deposits and withdrawals (some refused for
 * insufficient funds, which must leave no trace), with freezes and unfreezes in between.
 */
export function accountTraffic(random: () => number, accounts: readonly string[], commands: number): CommandRequest[] {
  const traffic: CommandRequest[] = [];
  for (let i = 0; i < commands; i++) {
    const accountId = accounts[Math.floor(random() * accounts.length)] ?? randomUUID();
    const dice = random();
    if (dice < 0.6) traffic.push({ path: `/accounts/${accountId}/deposits`, body: { amount: cents(random, 100).toFixed(2), currency: 'EUR' } });
    else if (dice < 0.9) traffic.push({ path: `/accounts/${accountId}/withdrawals`, body: { amount: cents(random, 60).toFixed(2), currency: 'EUR' } });
    else if (dice < 0.95) traffic.push({ path: `/accounts/${accountId}/freeze`, body: { reason: 'system test' } });
    else traffic.push({ path: `/accounts/${accountId}/unfreeze`, body: {} });
  }
  return traffic;
}

/** Sends requests from `clients` concurrent clients; returns the statuses seen, by path kind. */
export async function sendAll(baseUrl: string, requests: readonly CommandRequest[], clients: number): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  const client = async () => {
    for (let request = requests[next++]; request !== undefined; request = requests[next++]) {
      const response = await fetch(`${baseUrl}${request.path}`, {
        method: 'POST',
        headers: await withTestToken({ 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
        body: JSON.stringify(request.body),
      });
      await response.arrayBuffer();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return statuses;
}
