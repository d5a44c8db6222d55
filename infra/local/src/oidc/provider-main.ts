import { loadOrCreateSigningKeys } from './signing-keys';
import { startDevelopmentProvider } from './development-provider';

/**
 * The local OpenID provider as a process of the stack (`LEDGER_OIDC_PORT`, `LEDGER_OIDC_KEYS`).
 * Run by the stack's component and by tests that need a provider of their own (another issuer,
 * rotated keys).
 */
async function main(): Promise<void> {
  const port = Number(process.env['LEDGER_OIDC_PORT'] ?? '3004');
  const keysFile = process.env['LEDGER_OIDC_KEYS'];
  if (keysFile === undefined || keysFile === '') throw new Error('LEDGER_OIDC_KEYS (the signing keys file) is required');
  const provider = await startDevelopmentProvider({ port, keys: await loadOrCreateSigningKeys(keysFile) });
  process.stdout.write(`${JSON.stringify({ msg: 'listening', issuer: provider.issuer })}\n`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => void provider.close().then(() => process.exit(0)));
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`oidc-provider: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
