import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { REQUEST_BODY_RULES, documentBodyRefusals } from './request-body-rules';

export interface OpenApiInfo {
  readonly title: string;
  readonly description?: string;
  readonly version?: string;
}

/**
 * Serves the generated OpenAPI document at `/docs/json` and its UI at `/docs` (API.md), with the
 * rules every request body is held to in its description and the 400 they may cause on every
 * operation that reads a body.
 */
export function setupOpenApi(app: INestApplication, info: OpenApiInfo): void {
  const config = new DocumentBuilder()
    .setTitle(info.title)
    .setDescription([info.description, REQUEST_BODY_RULES].filter((part) => part !== undefined).join('\n\n'))
    .setVersion(info.version ?? '1')
    .build();
  SwaggerModule.setup('docs', app, () => documentBodyRefusals(SwaggerModule.createDocument(app, config)), {
    jsonDocumentUrl: 'docs/json',
    raw: ['json'],
  });
}
