import { type Opt, Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { BaseRow } from './base';

/** A person who creates and handles tickets. */
@Entity({ tableName: 'users' })
export class User extends BaseRow {
  @Property({ length: 100 })
  @Unique()
  username!: string;

  @Property({ length: 100 })
  alias: Opt<string> = '';

  @Property({ length: 200 })
  email: Opt<string> = '';

  @Property({ length: 50 })
  phone: Opt<string> = '';

  @Property()
  isActive: Opt<boolean> = true;

  /** Superuser: may intervene on every ticket. */
  @Property()
  isAdmin: Opt<boolean> = false;
}

/** A department; depts form a tree through parentId. */
@Entity({ tableName: 'depts' })
export class Dept extends BaseRow {
  @Property({ length: 100 })
  @Unique()
  name!: string;

  @Property({ type: 'integer', nullable: true })
  @Index()
  parentId: number | null = null;

  @Property({ length: 100 })
  leader: Opt<string> = '';

  /** Usernames that approve for `creator_tl`; take precedence over the leader. */
  @Property({ type: 'json' })
  approvers: Opt<string[]> = [];

  @Property({ type: 'json' })
  label: Opt<Record<string, unknown>> = {};
}

/** Membership of a user in a dept (a user may be in several; the first is the primary one). */
@Entity({ tableName: 'user_depts' })
@Unique({ properties: ['userId', 'deptId'] })
export class UserDept {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  @Index()
  userId!: number;

  @Property()
  @Index()
  deptId!: number;

  @Property()
  position: Opt<number> = 0;
}

/** A named group of users. */
@Entity({ tableName: 'roles' })
export class Role extends BaseRow {
  @Property({ length: 100 })
  @Unique()
  name!: string;

  @Property({ length: 200 })
  description: Opt<string> = '';

  @Property({ type: 'json' })
  label: Opt<Record<string, unknown>> = {};
}

/** Membership of a user in a role. */
@Entity({ tableName: 'user_roles' })
@Unique({ properties: ['userId', 'roleId'] })
export class UserRole {
  @PrimaryKey({ autoincrement: true })
  id!: number;

  @Property()
  @Index()
  userId!: number;

  @Property()
  @Index()
  roleId!: number;
}

/** An API caller (loonflow app token). */
@Entity({ tableName: 'apps' })
export class App extends BaseRow {
  @Property({ length: 100 })
  @Unique()
  name!: string;

  @Property({ length: 200 })
  token!: string;

  /** True: every workflow; otherwise only workflowIds. */
  @Property()
  allWorkflows: Opt<boolean> = false;

  @Property({ type: 'json' })
  workflowIds: Opt<number[]> = [];

  @Property({ length: 50 })
  snPrefix: Opt<string> = 'loonflow';

  /** May read definitions but not change them. */
  @Property()
  readOnlyDefinitions: Opt<boolean> = false;

  /** A frontend app: the username header is refused, users act through per-user tokens only. */
  @Property()
  browserOnly: Opt<boolean> = false;

  /** HS256 secret the app's backend signs per-user tokens with; null until issued. Never listed. */
  @Property({ type: 'string', length: 200, nullable: true })
  signingSecret: Opt<string> | null = null;
}
