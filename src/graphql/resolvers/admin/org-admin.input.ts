import { Field, InputType, Int } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

/** User columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType({ description: 'User fields shared by createUser and updateUser; a field left out or null stays as it is.' })
export class UserColumnsInput {
  @Field(() => String, { nullable: true, description: 'The display name.' }) alias?: string | null;
  @Field(() => String, { nullable: true, description: 'Email address.' }) email?: string | null;
  @Field(() => String, { nullable: true, description: 'Phone number.' }) phone?: string | null;
  @Field(() => [Int], { nullable: true, description: "The user's depts, primary first; replaces the memberships." }) deptIds?: number[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Inactive users are never resolved as handlers.' }) isActive?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Superuser.' }) isAdmin?: boolean | null;
}

/** A new user. */
@InputType({ description: 'A new user.' })
export class CreateUserInput extends UserColumnsInput {
  @Field({ description: 'The login name (at most 100 characters), unique among users.' }) username!: string;
}

/** Changes to a user. */
@InputType({ description: 'Changes to a user; fields left out or null stay as they are.' })
export class UpdateUserInput extends UserColumnsInput {
  @Field(() => String, { nullable: true, description: 'A new login name; definitions naming the old one are refused until changed.' }) username?: string | null;
}

/** Dept columns, shared by the create and update inputs; left out: unchanged. */
@InputType({ description: 'Dept fields shared by createDept and updateDept; a field left out stays as it is.' })
export class DeptColumnsInput {
  @Field(() => Int, { nullable: true, description: 'null makes the dept a root.' }) parentId?: number | null;
  @Field(() => String, { nullable: true, description: 'A username; "" removes the leader.' }) leader?: string | null;
  @Field(() => [String], { nullable: true, description: 'Usernames; take precedence over the leader for creator_tl.' }) approvers?: string[] | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Free-form JSON labels for the caller's own use." }) label?: Record<string, unknown> | null;
}

/** A new dept. */
@InputType({ description: 'A new dept.' })
export class CreateDeptInput extends DeptColumnsInput {
  @Field({ description: 'The dept name, unique among depts.' }) name!: string;
}

/** Changes to a dept. */
@InputType({ description: 'Changes to a dept; fields left out stay as they are.' })
export class UpdateDeptInput extends DeptColumnsInput {
  @Field(() => String, { nullable: true, description: 'A new name for the dept.' }) name?: string | null;
}

/** Role columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType({ description: 'Role fields shared by createRole and updateRole; a field left out or null stays as it is.' })
export class RoleColumnsInput {
  @Field(() => String, { nullable: true, description: 'What the role is for.' }) description?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true, description: "Free-form JSON labels for the caller's own use." }) label?: Record<string, unknown> | null;
}

/** A new role. */
@InputType({ description: 'A new role.' })
export class CreateRoleInput extends RoleColumnsInput {
  @Field({ description: 'The role name, unique among roles.' }) name!: string;
  @Field(() => [String], { nullable: true, description: 'Usernames of the members.' }) members?: string[] | null;
}

/** Changes to a role (members change with addRoleMember and removeRoleMember). */
@InputType({ description: 'Changes to a role; members change with addRoleMember and removeRoleMember.' })
export class UpdateRoleInput extends RoleColumnsInput {
  @Field(() => String, { nullable: true, description: 'A new name for the role.' }) name?: string | null;
}

/** App columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType({ description: 'App fields shared by createApp and updateApp; a field left out or null stays as it is.' })
export class AppColumnsInput {
  @Field(() => String, { nullable: true, description: 'Serial-number prefix of its tickets (default loonflow).' }) snPrefix?: string | null;
  @Field(() => [Int], { nullable: true, description: 'The workflows it may use.' }) workflowIds?: number[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: every workflow.' }) allWorkflows?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'May read definitions but not change them.' }) readOnlyDefinitions?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'A frontend app: the username header is refused, users act through per-user tokens only.' })
  browserOnly?: boolean | null;
}

/** A new app; its token is generated. */
@InputType({ description: 'A new app (API caller); its token is generated and answered once.' })
export class CreateAppInput extends AppColumnsInput {
  @Field({ description: 'The appname header.' }) name!: string;
}

/** Changes to an app (rotateAppToken changes its token). */
@InputType({ description: 'Changes to an app; rotateAppToken changes its token.' })
export class UpdateAppInput extends AppColumnsInput {
  @Field(() => String, { nullable: true, description: 'A new appname for the app.' }) name?: string | null;
}

/** Which audit entries to list. */
@InputType({ description: 'Which audit entries to list; filters left out match everything.' })
export class AuditFilterInput {
  @Field(() => Int, { nullable: true, description: 'Only changes to this workflow and its states, transitions, fields and notices.' }) workflowId?:
    | number
    | null;
  @Field(() => String, { nullable: true, description: 'workflow, state, transition, custom_field, notice, user, dept, role, app or definitions.' }) entityType?:
    | string
    | null;
  @Field(() => Int, { nullable: true, description: 'Only changes to the entry with this id (with entityType).' }) entityId?: number | null;
  @Field(() => String, { nullable: true, description: 'Only changes made by this user.' }) actor?: string | null;
}
