import { ADDRESS_PART_MAX_LENGTH } from 'src/common/validation/address-field.decorators';

export const DATABASE_GROUP = 'database';

export interface AddressNameParts {
  database_name?: string | null;
  schema_name?: string | null;
  table_name?: string | null;
}

const PART_KEYS = ['database_name', 'schema_name', 'table_name'] as const;

/**
 * DESIGN §4: when the group is `database` and the name has exactly three dot-separated parts
 * (`db.schema.table`), they fill those of database/schema/table that were not sent. A part that
 * is empty or longer than 50 characters stays unset (never an error).
 */
export function fillNameParts(
  name: string,
  groupName: string,
  sent: AddressNameParts,
): AddressNameParts {
  const filled: AddressNameParts = {};
  for (const key of PART_KEYS) {
    if (sent[key] !== undefined) {
      filled[key] = sent[key];
    }
  }
  const parts = name.split('.');
  if (groupName !== DATABASE_GROUP || parts.length !== 3) {
    return filled;
  }
  PART_KEYS.forEach((key, index) => {
    const part = parts[index].trim();
    const isSent = sent[key] !== undefined && sent[key] !== null;
    if (!isSent && part.length > 0 && part.length <= ADDRESS_PART_MAX_LENGTH) {
      filled[key] = part;
    }
  });
  return filled;
}
