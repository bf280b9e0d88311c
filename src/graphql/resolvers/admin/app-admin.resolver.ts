import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { App } from '../../../db/entities';
import * as apps from '../../../services/admin/app.service';
import type { GqlContext } from '../../context';
import { AppType, NewAppTokenType } from './admin.type';
import { CreateAppInput, UpdateAppInput } from './org-admin.input';

/** API callers (superusers): tokens are generated and shown once. */
@Resolver(() => AppType)
export class AppAdminResolver {
  @Query(() => [AppType], { description: 'Every app (superusers); tokens are never listed.' })
  apps(@Ctx() ctx: GqlContext): Promise<App[]> {
    return apps.listApps(ctx);
  }

  @Mutation(() => NewAppTokenType, { description: 'Create an app with a generated token, shown only in this answer.' })
  createApp(@Ctx() ctx: GqlContext, @Arg('input', { description: 'The new app: its name, workflows and serial-number prefix.' }) input: CreateAppInput): Promise<apps.AppWithToken> {
    return apps.createApp(ctx, input);
  }

  @Mutation(() => AppType, { description: 'Change an app\'s name, serial-number prefix or workflows (superusers); its token stays.' })
  updateApp(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The app id.' }) id: number, @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateAppInput): Promise<App> {
    return apps.updateApp(ctx, id, input);
  }

  @Mutation(() => NewAppTokenType, { description: 'Give an app a new token (the old one stops working), shown only in this answer.' })
  rotateAppToken(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The app id.' }) id: number): Promise<apps.AppWithToken> {
    return apps.rotateAppToken(ctx, id);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete an app: its token stops working.' })
  deleteApp(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The app id.' }) id: number): Promise<boolean> {
    return apps.deleteApp(ctx, id);
  }
}
