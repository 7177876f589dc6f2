import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { escapeLike } from 'src/common/util/escape-like.util';

export interface NamePrefixPage {
  name?: string;
  limit?: number;
  offset?: number;
}

/** Applies the optional `name` prefix filter and limit/offset of a list endpoint. */
export function applyNamePrefixPage<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  alias: string,
  page: NamePrefixPage,
): SelectQueryBuilder<T> {
  if (page.name !== undefined) {
    query.andWhere(`${alias}.name LIKE :namePrefix ESCAPE '\\'`, {
      namePrefix: `${escapeLike(page.name)}%`,
    });
  }
  if (page.limit !== undefined) {
    query.limit(page.limit);
  }
  if (page.offset !== undefined) {
    query.offset(page.offset);
  }
  return query;
}
