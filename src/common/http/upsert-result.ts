/** What an upsert use case returns: the body, and whether this request created the row. */
export interface UpsertResult<T> {
  created: boolean;
  body: T;
}
