import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class VersionResponse {
  @ApiProperty({ example: 'watcher', description: 'The package name' })
  name!: string;

  @ApiProperty({ example: '0.1.0', description: 'The version in package.json' })
  version!: string;

  @ApiPropertyOptional({
    example: '1fc25e5',
    description: 'The commit the build came from (WATCHER_COMMIT); omitted when unset',
  })
  commit?: string;
}
