import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { BEARER_SCHEME, completeDocument } from './complete-document';
import { REQUEST_BODY_RULES } from './request-body-rules';

export interface OpenApiInfo {
  readonly title: string;
  readonly description?: string;
  readonly version?: string;
}

/**
 * Serves the generated OpenAPI document at `/docs/json` and its UI at `/docs` (API.md), with the
 * rules every request body is held to in its description, and every status the platform itself
 * may answer with on each operation (`completeDocument`).
 */
export function setupOpenApi(app: INestApplication, info: OpenApiInfo, secured = false): void {
  const builder = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription([info.description, REQUEST_BODY_RULES].filter((part) => part !== undefined).join('\n\n'))
    .setVersion(info.version ?? '1');
  const config = (secured ? builder.addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER_SCHEME) : builder).build();
  SwaggerModule.setup('docs', app, () => completeDocument(SwaggerModule.createDocument(app, config), secured), {
    jsonDocumentUrl: 'docs/json',
    raw: ['json'],
  });
}
