import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeISOResolver, GraphQLJSON } from 'graphql-scalars';

/** A notice hook of a workflow (its token is never shown). */
@ObjectType('Notice', { description: 'A hook called after ticket changes; its token is never shown.' })
export class NoticeType {
  @Field(() => Int) id!: number;
  @Field(() => Int) workflowId!: number;
  @Field() name!: string;
  @Field() url!: string;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** An API caller (loonflow app token); the token is never listed. */
@ObjectType('App', { description: 'An API caller; its token is shown once, when created or rotated.' })
export class AppType {
  @Field(() => Int) id!: number;
  @Field({ description: 'The appname header.' }) name!: string;
  @Field({ description: 'Prefix of the serial numbers of tickets it creates.' }) snPrefix!: string;
  @Field({ description: 'Whether it may use every workflow.' }) allWorkflows!: boolean;
  @Field(() => [Int]) workflowIds!: number[];
  @Field({ description: 'May read definitions but not change them.' }) readOnlyDefinitions!: boolean;
  @Field({ description: 'A frontend app: the username header is refused, users act through per-user tokens only.' }) browserOnly!: boolean;
  @Field() creator!: string;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field(() => DateTimeISOResolver) updatedAt!: Date;
}

/** An app with its token, shown this once. */
@ObjectType('NewAppToken', { description: 'An app with its token: store the token now, it is not shown again.' })
export class NewAppTokenType {
  @Field(() => AppType) app!: AppType;
  @Field() token!: string;
}

/** An app with its new signing secret, shown this once. */
@ObjectType('NewAppSigningSecret', { description: 'An app with its new signing secret for per-user tokens: store it now, it is not shown again.' })
export class NewAppSigningSecretType {
  @Field(() => AppType, { description: 'The app.' }) app!: AppType;
  @Field({ description: 'The HS256 secret the app\'s backend signs per-user tokens with.' }) signingSecret!: string;
}

/** One change to the definitions. */
@ObjectType('AuditEntry', { description: 'Who changed which definition when, with the entry before and after.' })
export class AuditEntryType {
  @Field(() => Int) id!: number;
  @Field(() => DateTimeISOResolver) createdAt!: Date;
  @Field({ description: 'The acting user.' }) actor!: string;
  @Field({ description: 'The calling app.' }) appName!: string;
  @Field({ description: 'The mutation, e.g. createState.' }) action!: string;
  @Field({ description: 'workflow, state, transition, custom_field, notice, user, dept, role, app or definitions.' }) entityType!: string;
  @Field(() => Int, { nullable: true }) entityId!: number | null;
  @Field(() => Int, { nullable: true }) workflowId!: number | null;
  @Field() summary!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The entry in the definition file format before the change; null when created.' }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The entry after the change; null when deleted. Tokens show as ***.' }) after!: unknown;
}

/** A page of audit entries. */
@ObjectType('AuditPage')
export class AuditPageType {
  @Field(() => [AuditEntryType]) items!: AuditEntryType[];
  @Field(() => Int) total!: number;
  @Field(() => Int) page!: number;
  @Field(() => Int) perPage!: number;
}
