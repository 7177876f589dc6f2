/**
 * A connection URL fit for logs and banners: the password is removed, everything else is kept
 * (`postgres://watcher:secret@db:5432/watcher` -> `postgres://watcher@db:5432/watcher`).
 * Something that does not parse as a URL is not echoed at all.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}
