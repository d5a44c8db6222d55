import { Module } from '@nestjs/common';
import { EventStoreModule } from '../event-store/event-store.module';
import { CommandExecution } from './command-execution';
import { CommandMetrics } from './command-metrics';

/** What every command module shares, once: a metric registers once per registry. */
@Module({ imports: [EventStoreModule], providers: [CommandMetrics, CommandExecution], exports: [CommandExecution] })
export class CommandsModule {}
