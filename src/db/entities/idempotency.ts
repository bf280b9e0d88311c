import { type Opt, Entity, Index, OptionalProps, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { MediumTextType } from './types';

/**
 * The stored answer of a request sent with an `Idempotency-Key`, scoped to the calling app and user. The row is
 * inserted when the request starts and completed in the same transaction as the request's effects, so other
 * requests only ever see it with its answer: until then its unique key holds them back.
 */
@Entity({ tableName: 'idempotency_keys' })
@Unique({ properties: ['appId', 'username', 'idempotencyKey'] })
@Index({ properties: ['expiresAt'] })
export class IdempotentAnswer {
  [OptionalProps]?: 'status' | 'body' | 'createdAt';

  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  appId!: number;

  @Property({ length: 100 })
  username!: string;

  @Property({ length: 255 })
  idempotencyKey!: string;

  /** SHA-256 of the canonical request: what a repeat must match. */
  @Property({ length: 64 })
  fingerprint!: string;

  /** The HTTP status answered. */
  @Property()
  status: Opt<number> = 200;

  /** The JSON body answered. */
  @Property({ type: MediumTextType })
  body: Opt<string> = '';

  @Property({ type: Date, length: 3 })
  createdAt: Opt<Date> = new Date();

  /** After this the key is forgotten: a request with it runs again. */
  @Property({ type: Date, length: 3 })
  expiresAt!: Date;
}
