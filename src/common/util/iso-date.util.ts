/** ISO-8601 UTC (`…Z`) for a timestamp column, or null. */
export function toIsoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) {
    return null;
  }
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
