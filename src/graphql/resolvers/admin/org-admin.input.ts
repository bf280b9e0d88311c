import { Field, InputType, Int } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';

/** User columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType()
export class UserColumnsInput {
  @Field(() => String, { nullable: true }) alias?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => [Int], { nullable: true, description: 'The user\'s depts, primary first; replaces the memberships.' }) deptIds?: number[] | null;
  @Field(() => Boolean, { nullable: true, description: 'Inactive users are never resolved as handlers.' }) isActive?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Superuser.' }) isAdmin?: boolean | null;
}

/** A new user. */
@InputType()
export class CreateUserInput extends UserColumnsInput {
  @Field() username!: string;
}

/** Changes to a user. */
@InputType()
export class UpdateUserInput extends UserColumnsInput {
  @Field(() => String, { nullable: true }) username?: string | null;
}

/** Dept columns, shared by the create and update inputs; left out: unchanged. */
@InputType()
export class DeptColumnsInput {
  @Field(() => Int, { nullable: true, description: 'null makes the dept a root.' }) parentId?: number | null;
  @Field(() => String, { nullable: true, description: 'A username; "" removes the leader.' }) leader?: string | null;
  @Field(() => [String], { nullable: true, description: 'Usernames; take precedence over the leader for creator_tl.' }) approvers?: string[] | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) label?: Record<string, unknown> | null;
}

/** A new dept. */
@InputType()
export class CreateDeptInput extends DeptColumnsInput {
  @Field() name!: string;
}

/** Changes to a dept. */
@InputType()
export class UpdateDeptInput extends DeptColumnsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
}

/** Role columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType()
export class RoleColumnsInput {
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => GraphQLJSONObject, { nullable: true }) label?: Record<string, unknown> | null;
}

/** A new role. */
@InputType()
export class CreateRoleInput extends RoleColumnsInput {
  @Field() name!: string;
  @Field(() => [String], { nullable: true, description: 'Usernames of the members.' }) members?: string[] | null;
}

/** Changes to a role (members change with addRoleMember and removeRoleMember). */
@InputType()
export class UpdateRoleInput extends RoleColumnsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
}

/** App columns, shared by the create and update inputs; left out or null: unchanged. */
@InputType()
export class AppColumnsInput {
  @Field(() => String, { nullable: true, description: 'Serial-number prefix of its tickets (default loonflow).' }) snPrefix?: string | null;
  @Field(() => [Int], { nullable: true, description: 'The workflows it may use.' }) workflowIds?: number[] | null;
  @Field(() => Boolean, { nullable: true, description: 'true: every workflow.' }) allWorkflows?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'May read definitions but not change them.' }) readOnlyDefinitions?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'A frontend app: the username header is refused, users act through per-user tokens only.' }) browserOnly?: boolean | null;
}

/** A new app; its token is generated. */
@InputType()
export class CreateAppInput extends AppColumnsInput {
  @Field({ description: 'The appname header.' }) name!: string;
}

/** Changes to an app (rotateAppToken changes its token). */
@InputType()
export class UpdateAppInput extends AppColumnsInput {
  @Field(() => String, { nullable: true }) name?: string | null;
}

/** Which audit entries to list. */
@InputType()
export class AuditFilterInput {
  @Field(() => Int, { nullable: true }) workflowId?: number | null;
  @Field(() => String, { nullable: true, description: 'workflow, state, transition, custom_field, notice, user, dept, role, app or definitions.' }) entityType?: string | null;
  @Field(() => Int, { nullable: true }) entityId?: number | null;
  @Field(() => String, { nullable: true }) actor?: string | null;
}
