import { Module } from '@nestjs/common';
import { ConsoleModule } from './console/console.module';
import { ProjectionsModule } from './projections/projections.module';

/** Kafka → read models: the projection runtime, its admin API (API.md, "Projector admin") and the operator console over it. */
@Module({ imports: [ProjectionsModule, ConsoleModule] })
export class ProjectorModule {}
