/** An error's stack (or message) for logs and stored job errors. */
export function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** An error's message alone, for one-line logs. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
