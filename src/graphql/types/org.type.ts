import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeISOResolver, GraphQLJSONObject } from 'graphql-scalars';

/** A department. */
@ObjectType('Dept', { description: 'A department; depts form a tree.' })
export class DeptType {
  @Field(() => Int) id!: number;
  @Field() name!: string;
  @Field(() => Int, { nullable: true }) parentId!: number | null;
  @Field() leader!: string;
  @Field(() => [String]) approvers!: string[];
  @Field(() => GraphQLJSONObject) label!: Record<string, unknown>;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** A user. */
@ObjectType('User', { description: 'A person who creates and handles tickets.' })
export class UserType {
  @Field(() => Int) id!: number;
  @Field() username!: string;
  @Field() alias!: string;
  @Field() email!: string;
  @Field() phone!: string;
  @Field() isActive!: boolean;
  @Field({ description: 'Superuser: may intervene on every ticket.' }) isAdmin!: boolean;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** A role. */
@ObjectType('Role', { description: 'A named group of users.' })
export class RoleType {
  @Field(() => Int) id!: number;
  @Field() name!: string;
  @Field() description!: string;
  @Field(() => GraphQLJSONObject) label!: Record<string, unknown>;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** A user as a ticket's creator (unknown creators give an empty record). */
@ObjectType('CreatorInfo')
export class CreatorInfoType {
  @Field() username!: string;
  @Field() alias!: string;
  @Field() isActive!: boolean;
  @Field() email!: string;
  @Field() phone!: string;
  @Field(() => DeptType, { nullable: true, description: 'The primary department.' }) deptInfo!: DeptType | null;
}

/** The calling app and acting user. */
@ObjectType('Me')
export class MeType {
  @Field() appName!: string;
  @Field() username!: string;
  @Field(() => UserType, { nullable: true }) user!: UserType | null;
  @Field({ description: 'Whether the app may use every workflow.' }) allWorkflows!: boolean;
  @Field(() => [Int]) workflowIds!: number[];
}
