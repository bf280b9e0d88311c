import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeISOResolver, GraphQLJSONObject } from 'graphql-scalars';

/** A department. */
@ObjectType('Dept', { description: 'A department; depts form a tree.' })
export class DeptType {
  @Field(() => Int, { description: 'The dept id.' }) id!: number;
  @Field({ description: 'The dept name, unique among live depts.' }) name!: string;
  @Field(() => Int, { nullable: true, description: 'The parent dept; null for a top-level dept.' }) parentId!: number | null;
  @Field({
    description: "Username of the dept leader: a member's team leader (participant variable creator_tl) when the dept has no approvers; empty when none.",
  })
  leader!: string;
  @Field(() => [String], { description: 'Usernames of the dept approvers: the team leaders of its members (participant variable creator_tl).' })
  approvers!: string[];
  @Field(() => GraphQLJSONObject, { description: "Free-form JSON labels for the caller's own use; loongate does not read them." }) label!: Record<
    string,
    unknown
  >;
  @Field({ description: 'Username of who created the dept.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the dept was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the dept last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** A user. */
@ObjectType('User', { description: 'A person who creates and handles tickets.' })
export class UserType {
  @Field(() => Int, { description: 'The user id.' }) id!: number;
  @Field({ description: 'The login name: what the `username` header and the participant settings name.' }) username!: string;
  @Field({ description: 'The display name.' }) alias!: string;
  @Field({ description: 'Email address; empty when unknown.' }) email!: string;
  @Field({ description: 'Phone number; empty when unknown.' }) phone!: string;
  @Field({ description: 'Inactive users are skipped when handlers are chosen and may not act.' }) isActive!: boolean;
  @Field({ description: 'Superuser: may intervene on every ticket.' }) isAdmin!: boolean;
  @Field({ description: 'Username of who created the user.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the user was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the user last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** A role. */
@ObjectType('Role', { description: 'A named group of users.' })
export class RoleType {
  @Field(() => Int, { description: 'The role id.' }) id!: number;
  @Field({ description: 'The role name, unique among live roles.' }) name!: string;
  @Field({ description: 'What the role is for.' }) description!: string;
  @Field(() => GraphQLJSONObject, { description: "Free-form JSON labels for the caller's own use; loongate does not read them." }) label!: Record<
    string,
    unknown
  >;
  @Field({ description: 'Username of who created the role.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the role was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the role last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** A user as a ticket's creator (unknown creators give an empty record). */
@ObjectType('CreatorInfo', { description: 'The creator of a ticket as a user record; an unknown creator gives empty strings.' })
export class CreatorInfoType {
  @Field({ description: "The creator's username." }) username!: string;
  @Field({ description: "The creator's display name." }) alias!: string;
  @Field({ description: "Whether the creator's account is active." }) isActive!: boolean;
  @Field({ description: "The creator's email address." }) email!: string;
  @Field({ description: "The creator's phone number." }) phone!: string;
  @Field(() => DeptType, { nullable: true, description: 'The primary department.' }) deptInfo!: DeptType | null;
}

/** The calling app and acting user. */
@ObjectType('Me', { description: 'Who is calling: the app that authenticated and the user it acts for.' })
export class MeType {
  @Field({ description: 'The calling app (its `appname`).' }) appName!: string;
  @Field({ description: 'The acting user, from the `username` header.' }) username!: string;
  @Field(() => UserType, { nullable: true, description: "The acting user's record; null when no such user exists." }) user!: UserType | null;
  @Field({ description: 'Whether the app may use every workflow.' }) allWorkflows!: boolean;
  @Field(() => [Int], { description: 'The workflows the app may use (when allWorkflows is false).' }) workflowIds!: number[];
}
