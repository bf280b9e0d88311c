import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The revision of the reference data (apps, users, org, workflow definitions). Every write of
 * definitions bumps it in its own transaction; servers cache reference data per revision.
 */
@Entity({ tableName: 'catalog_revision' })
export class CatalogRevision {
  @PrimaryKey({ autoincrement: false })
  id!: number;

  @Property()
  revision!: number;
}
