import { type Opt, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/** Columns every definition and ticket row shares (loonflow's BaseModel). */
export abstract class BaseRow {
  [OptionalProps]?: 'creator' | 'createdAt' | 'updatedAt' | 'isDeleted';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  /** The username that created the row (usernames are up to 100 characters). */
  @Property({ length: 100 })
  creator: Opt<string> = '';

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();

  @Property({ type: Date, length: 3, onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Property()
  isDeleted: Opt<boolean> = false;
}
