import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Dept, Role, User } from '../../db/entities';
import * as org from '../../services/workflow.service';
import type { GqlContext } from '../context';
import { DeptType, MeType, RoleType, UserType } from '../types/org.type';

/** People and their groups. */
@Resolver(() => UserType)
export class OrgResolver {
  @Query(() => [UserType], { description: 'Users (active and inactive, not deleted) in id order, optionally filtered by a search text.' })
  users(
    @Ctx() ctx: GqlContext,
    @Arg('search', () => String, { nullable: true, description: 'Part of a username or display name.' }) search?: string | null,
  ): Promise<User[]> {
    return org.listUsers(ctx, search);
  }

  @Query(() => [DeptType], { description: 'Every dept.' })
  depts(@Ctx() ctx: GqlContext): Promise<Dept[]> {
    return org.listDepts(ctx);
  }

  @Query(() => [RoleType], { description: 'Every role.' })
  roles(@Ctx() ctx: GqlContext): Promise<Role[]> {
    return org.listRoles(ctx);
  }

  @Query(() => MeType, { description: 'The calling app and the acting user (the username header).' })
  me(@Ctx() ctx: GqlContext): MeType {
    return { appName: ctx.app.name, username: ctx.username, user: ctx.user, allWorkflows: ctx.app.allWorkflows, workflowIds: ctx.app.workflowIds };
  }

  @FieldResolver(() => [DeptType], { name: 'depts', description: 'Departments of the user, primary first.' })
  async userDepts(@Ctx() ctx: GqlContext, @Root() u: User): Promise<Dept[]> {
    const ids = await ctx.loaders.userDeptIds.load(u.id);
    return (await ctx.loaders.dept.loadMany(ids)).filter((d): d is Dept => !!d && !(d instanceof Error));
  }
}
