import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

/** An `{id}` path parameter holding a UUID (an account's or a transfer's), in any case: handlers lower-case it. */
export const UuidParam = () =>
  applyDecorators(
    ApiProperty({ format: 'uuid', pattern: '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$' }),
    IsUUID('all', { message: 'id must be a UUID' }),
  );
