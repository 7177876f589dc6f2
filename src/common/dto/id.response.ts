import { ApiProperty } from '@nestjs/swagger';

export class IdResponse {
  @ApiProperty({ example: 1 })
  id!: number;
}
