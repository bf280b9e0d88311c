import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { App } from '../../../db/entities';
import * as apps from '../../../services/admin/app.service';
import type { GqlContext } from '../../context';
import { AppType, NewAppSigningSecretType, NewAppTokenType } from './admin.type';
import { CreateAppInput, UpdateAppInput } from './org-admin.input';

/** API callers (superusers): tokens are generated and shown once. */
@Resolver(() => AppType)
export class AppAdminResolver {
  @Query(() => [AppType], { description: 'Every app (superusers); tokens are never listed.' })
  apps(@Ctx() ctx: GqlContext): Promise<App[]> {
    return apps.listApps(ctx);
  }

  @Mutation(() => NewAppTokenType, { description: 'Create an app with a generated token, shown only in this answer.' })
  createApp(
    @Ctx() ctx: GqlContext,
    @Arg('input', { description: 'The new app: its name, workflows and serial-number prefix.' }) input: CreateAppInput,
  ): Promise<apps.AppWithToken> {
    return apps.createApp(ctx, input);
  }

  @Mutation(() => AppType, { description: "Change an app's name, serial-number prefix or workflows (superusers); its token stays." })
  updateApp(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The app id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateAppInput,
  ): Promise<App> {
    return apps.updateApp(ctx, id, input);
  }

  @Mutation(() => NewAppTokenType, { description: 'Give an app a new token (the old one stops working), shown only in this answer.' })
  rotateAppToken(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The app id.' }) id: number): Promise<apps.AppWithToken> {
    return apps.rotateAppToken(ctx, id);
  }

  @Mutation(() => NewAppSigningSecretType, {
    description: 'Issue the app a new signing secret for per-user tokens (the previous one stops verifying at once), shown only in this answer.',
  })
  rotateAppSigningSecret(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The app id.' }) id: number): Promise<apps.AppWithSigningSecret> {
    return apps.rotateAppSigningSecret(ctx, id);
  }

  @Mutation(() => AppType, { description: "Remove the app's signing secret: the per-user tokens it signed stop working." })
  revokeAppSigningSecret(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The app id.' }) id: number): Promise<App> {
    return apps.revokeAppSigningSecret(ctx, id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether it has a signing secret for per-user tokens (shown once, by rotateAppSigningSecret).' })
  hasSigningSecret(@Root() app: App): boolean {
    return !!app.signingSecret;
  }

  @Mutation(() => Boolean, { description: 'Soft-delete an app: its token stops working.' })
  deleteApp(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The app id.' }) id: number): Promise<boolean> {
    return apps.deleteApp(ctx, id);
  }
}
