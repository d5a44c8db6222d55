import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Registry, prometheusContentType } from 'prom-client';
import { OpenToAnyone } from '../auth/access.decorators';

/** Prometheus scrape endpoint; kept out of the OpenAPI document because clients never call it. */
@ApiExcludeController()
// Who may scrape is OPERATIONS_ACCESS's to say, checked by the authentication hook.
@OpenToAnyone()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly registry: Registry) {}

  @Get()
  @Header('content-type', prometheusContentType)
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}
