import { Module } from '@nestjs/common';
import { ProjectionsModule } from '../projections/projections.module';
import { ConsolePageController } from './console-page.controller';
import { ConsoleSnapshots } from './console-snapshots';
import { ConsoleStreamController } from './console-stream.controller';
import { ConsoleStreams } from './console-streams';

/** The operator console: its page and assets, and the live stream of snapshots it shows. */
@Module({
  imports: [ProjectionsModule],
  controllers: [ConsolePageController, ConsoleStreamController],
  providers: [ConsoleSnapshots, ConsoleStreams],
})
export class ConsoleModule {}
