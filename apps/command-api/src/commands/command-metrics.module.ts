import { Module } from '@nestjs/common';
import { CommandMetrics } from './command-metrics';

/** One set of command metrics for every command module: a metric registers once per registry. */
@Module({ providers: [CommandMetrics], exports: [CommandMetrics] })
export class CommandMetricsModule {}
