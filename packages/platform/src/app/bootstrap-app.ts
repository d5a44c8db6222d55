import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppLogger } from '../logging/create-logger';
import { LOGGER } from '../logging/logger.token';
import { createApp, type AppDefinition } from './create-app';

/**
 * Starts an app for real: builds it, closes it cleanly on SIGTERM/SIGINT (module shutdown hooks
 * run, e.g. pools close, then the process exits 0), listens on the configured host and port,
 * and logs one `listening` line with the URL.
 */
export async function bootstrapApp(definition: AppDefinition): Promise<NestFastifyApplication> {
  const app = await createApp(definition);
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  await app.listen(definition.config.port, definition.config.host);
  app.get<AppLogger>(LOGGER).info({ url: await app.getUrl() }, 'listening');
  return app;
}
