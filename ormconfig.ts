// TypeORM CLI entry point; see src/database/data-source.ts (npm run migration:run uses its build).
export { dataSource } from './src/database/data-source';
