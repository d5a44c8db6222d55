import { Module } from '@nestjs/common';
import { ProjectionsModule } from './projections/projections.module';

/** Kafka → read models: the projection runtime and its admin API (API.md, "Projector admin"). */
@Module({ imports: [ProjectionsModule] })
export class ProjectorModule {}
