// class-transformer keeps @Type() metadata in this module, which its package ships without
// declarations (the types live under types/). Stable: 0.5.1 is the library's last release.
declare module 'class-transformer/cjs/storage' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

  export const defaultMetadataStorage: MetadataStorage;
}
