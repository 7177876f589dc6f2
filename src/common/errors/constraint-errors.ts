import type { AppError } from 'src/common/errors/app-error';

const factories = new Map<string, () => AppError>();

/**
 * Declares the domain error that a violation of a named database constraint means (for example
 * the unique name of a pipeline → PIPELINE_NAME_TAKEN). Feature modules register theirs in their
 * `*.errors.ts`; the exception filter consults the map, so a race that only the database catches
 * still answers with the feature's code, never with PostgreSQL's text.
 */
export function registerConstraintError(constraint: string, factory: () => AppError): void {
  factories.set(constraint, factory);
}

export function errorForConstraint(constraint: string | undefined): AppError | undefined {
  return constraint === undefined ? undefined : factories.get(constraint)?.();
}
