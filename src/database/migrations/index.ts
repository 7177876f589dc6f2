import { CreateJobOutbox1764403200000 } from 'src/database/migrations/1764403200000-create-job-outbox';
import { CreatePipelines1764403300000 } from 'src/database/migrations/1764403300000-create-pipelines';
import { CreateExecutions1764403400000 } from 'src/database/migrations/1764403400000-create-executions';
import { JobSeams1764403500000 } from 'src/database/migrations/1764403500000-job-seams';
import { CreateAddressesAndLineage1764403800000 } from 'src/database/migrations/1764403800000-create-addresses-and-lineage';

/** Every migration in order; the app and the CLI both use this list. */
export const MIGRATIONS = [
  CreateJobOutbox1764403200000,
  CreatePipelines1764403300000,
  CreateExecutions1764403400000,
  JobSeams1764403500000,
  CreateAddressesAndLineage1764403800000,
];
