import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ProjectionNameParams } from '../projections/projection-name.params';

/** `/projections/{name}/rebuilds/{rebuildId}`. */
export class RebuildIdParams extends ProjectionNameParams {
  @ApiProperty({ format: 'uuid', pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$', example: '0b6f3c1e-8d2a-4f5b-9c7e-1a2b3c4d5e6f' })
  @IsUUID('all', { message: 'rebuildId must be a rebuild id (a UUID)' })
  readonly rebuildId!: string;
}
