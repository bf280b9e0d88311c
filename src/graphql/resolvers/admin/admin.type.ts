import { Field, Int, ObjectType } from 'type-graphql';
import { DateTimeISOResolver, GraphQLJSON } from 'graphql-scalars';

/** A notice hook of a workflow (its token is never shown). */
@ObjectType('Notice', { description: 'A hook called after ticket changes; its token is never shown.' })
export class NoticeType {
  @Field(() => Int, { description: 'The notice id.' }) id!: number;
  @Field(() => Int, { description: 'The workflow whose ticket changes call the notice.' }) workflowId!: number;
  @Field({ description: 'The notice name.' }) name!: string;
  @Field({ description: 'The URL called (its host must be allowed by LOONGATE_HOOK_ALLOW).' }) url!: string;
  @Field({ description: 'Username of who created the notice.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the notice was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the notice last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** An API caller (loonflow app token); the token is never listed. */
@ObjectType('App', { description: 'An API caller; its token is shown once, when created or rotated.' })
export class AppType {
  @Field(() => Int, { description: 'The app id.' }) id!: number;
  @Field({ description: 'The appname header.' }) name!: string;
  @Field({ description: 'Prefix of the serial numbers of tickets it creates.' }) snPrefix!: string;
  @Field({ description: 'Whether it may use every workflow.' }) allWorkflows!: boolean;
  @Field(() => [Int], { description: 'The workflows the app may use (when allWorkflows is false).' }) workflowIds!: number[];
  @Field({ description: 'May read definitions but not change them.' }) readOnlyDefinitions!: boolean;
  @Field({ description: 'A frontend app: the username header is refused, users act through per-user tokens only.' }) browserOnly!: boolean;
  @Field({ description: 'Username of who created the app.' }) creator!: string;
  @Field(() => DateTimeISOResolver, { description: 'When the app was created (UTC, ISO 8601).' }) createdAt!: Date;
  @Field(() => DateTimeISOResolver, { description: 'When the app last changed (UTC, ISO 8601).' }) updatedAt!: Date;
}

/** An app with its token, shown this once. */
@ObjectType('NewAppToken', { description: 'An app with its token: store the token now, it is not shown again.' })
export class NewAppTokenType {
  @Field(() => AppType, { description: 'The app.' }) app!: AppType;
  @Field({ description: 'The app token: send it as `Authorization: Bearer <token>` or use it to sign loonflow requests.' }) token!: string;
}

/** An app with its new signing secret, shown this once. */
@ObjectType('NewAppSigningSecret', { description: 'An app with its new signing secret for per-user tokens: store it now, it is not shown again.' })
export class NewAppSigningSecretType {
  @Field(() => AppType, { description: 'The app.' }) app!: AppType;
  @Field({ description: "The HS256 secret the app's backend signs per-user tokens with." }) signingSecret!: string;
}

/** One change to the definitions. */
@ObjectType('AuditEntry', { description: 'Who changed which definition when, with the entry before and after.' })
export class AuditEntryType {
  @Field(() => Int, { description: 'The entry id.' }) id!: number;
  @Field(() => DateTimeISOResolver, { description: 'When the change was made (UTC).' }) createdAt!: Date;
  @Field({ description: 'The acting user.' }) actor!: string;
  @Field({ description: 'The calling app.' }) appName!: string;
  @Field({ description: 'The mutation, e.g. createState.' }) action!: string;
  @Field({ description: 'workflow, state, transition, custom_field, notice, user, dept, role, app or definitions.' }) entityType!: string;
  @Field(() => Int, { nullable: true, description: 'The id of the changed entry; null for a whole-file import.' }) entityId!: number | null;
  @Field(() => Int, { nullable: true, description: 'The workflow the change belongs to; null for people and app changes.' }) workflowId!: number | null;
  @Field({ description: 'One line saying what changed.' }) summary!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The entry in the definition file format before the change; null when created.' }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The entry after the change; null when deleted. Tokens show as ***.' }) after!: unknown;
}

/** A page of audit entries. */
@ObjectType('AuditPage', { description: 'A page of audit entries, newest first.' })
export class AuditPageType {
  @Field(() => [AuditEntryType], { description: 'The entries of this page.' }) items!: AuditEntryType[];
  @Field(() => Int, { description: 'How many entries match, over all pages.' }) total!: number;
  @Field(() => Int, { description: "This page's number, from 1." }) page!: number;
  @Field(() => Int, { description: 'Entries per page.' }) perPage!: number;
}
