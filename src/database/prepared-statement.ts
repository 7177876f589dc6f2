/**
 * A statement of a hot path (the three ingest calls, detection, the job outbox), sent by name:
 * PostgreSQL parses and plans a named statement once per connection and, after five executions,
 * keeps a generic plan, where an unnamed one is parsed and planned on every call. For these CTEs
 * planning cost more than executing (the detection read: 1.6 ms to plan, 0.26 ms to run).
 * Names are unique in the process: the same name with another text would make node-postgres
 * refuse the second ("Prepared statements must be unique").
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const defined = new Map<string, string>();

/** Defines statement `name` (letters, digits and `_`); defining it again with another text throws. */
export function preparedStatement(name: string, text: string): PreparedStatement {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) {
    throw new Error(
      `prepared statement name ${JSON.stringify(name)} is not a lower-case identifier`,
    );
  }
  const known = defined.get(name);
  if (known !== undefined && known !== text) {
    throw new Error(`prepared statement ${name} is defined twice with different texts`);
  }
  defined.set(name, text);
  return Object.freeze({ name: `watcher_${name}`, text });
}
