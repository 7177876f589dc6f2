import { ApiProperty } from '@nestjs/swagger';

export class RootStatusResponse {
  @ApiProperty({ example: 'ok' })
  status!: string;
}
