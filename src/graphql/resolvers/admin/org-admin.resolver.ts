import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Dept, Role, User } from '../../../db/entities';
import * as depts from '../../../services/admin/dept.service';
import * as roles from '../../../services/admin/role.service';
import * as users from '../../../services/admin/user.service';
import type { GqlContext } from '../../context';
import { DeptType, RoleType, UserType } from '../../types/org.type';
import { CreateDeptInput, CreateRoleInput, CreateUserInput, UpdateDeptInput, UpdateRoleInput, UpdateUserInput } from './org-admin.input';

/** People and groups (superusers): users, depts, roles and role memberships. */
@Resolver(() => RoleType)
export class OrgAdminResolver {
  @Mutation(() => UserType, { description: 'Create a user (superusers).' })
  createUser(@Ctx() ctx: GqlContext, @Arg('input', { description: 'The new user.' }) input: CreateUserInput): Promise<User> {
    return users.createUser(ctx, input);
  }

  @Mutation(() => UserType, { description: 'Change a user (superusers).' })
  updateUser(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The user id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateUserInput,
  ): Promise<User> {
    return users.updateUser(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a user with their role and workflow-admin memberships; refused while definitions name them.' })
  deleteUser(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The user id.' }) id: number): Promise<boolean> {
    return users.deleteUser(ctx, id);
  }

  @Mutation(() => DeptType, { description: 'Create a dept (superusers).' })
  createDept(@Ctx() ctx: GqlContext, @Arg('input', { description: 'The new dept.' }) input: CreateDeptInput): Promise<Dept> {
    return depts.createDept(ctx, input);
  }

  @Mutation(() => DeptType, { description: 'Change a dept (superusers).' })
  updateDept(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The dept id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateDeptInput,
  ): Promise<Dept> {
    return depts.updateDept(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a dept and its memberships; refused while sub-depts, participants or limits name it.' })
  deleteDept(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The dept id.' }) id: number): Promise<boolean> {
    return depts.deleteDept(ctx, id);
  }

  @Mutation(() => RoleType, { description: 'Create a role (superusers).' })
  createRole(@Ctx() ctx: GqlContext, @Arg('input', { description: 'The new role.' }) input: CreateRoleInput): Promise<Role> {
    return roles.createRole(ctx, input);
  }

  @Mutation(() => RoleType, { description: 'Change a role (superusers).' })
  updateRole(
    @Ctx() ctx: GqlContext,
    @Arg('id', () => Int, { description: 'The role id.' }) id: number,
    @Arg('input', { description: 'What to change; fields left out stay as they are.' }) input: UpdateRoleInput,
  ): Promise<Role> {
    return roles.updateRole(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a role; refused while participants or limits name it.' })
  deleteRole(@Ctx() ctx: GqlContext, @Arg('id', () => Int, { description: 'The role id.' }) id: number): Promise<boolean> {
    return roles.deleteRole(ctx, id);
  }

  @Mutation(() => RoleType, { description: 'Add a user to a role (superusers); answers the role.' })
  addRoleMember(
    @Ctx() ctx: GqlContext,
    @Arg('roleId', () => Int, { description: 'The role id.' }) roleId: number,
    @Arg('userId', () => Int, { description: 'The id of the user to add.' }) userId: number,
  ): Promise<Role> {
    return roles.addRoleMember(ctx, roleId, userId);
  }

  @Mutation(() => RoleType, { description: 'Remove a user from a role (superusers); answers the role.' })
  removeRoleMember(
    @Ctx() ctx: GqlContext,
    @Arg('roleId', () => Int, { description: 'The role id.' }) roleId: number,
    @Arg('userId', () => Int, { description: 'The id of the user to remove.' }) userId: number,
  ): Promise<Role> {
    return roles.removeRoleMember(ctx, roleId, userId);
  }

  @FieldResolver(() => [UserType], { description: 'Members of the role.' })
  members(@Ctx() ctx: GqlContext, @Root() role: Role): Promise<User[]> {
    return ctx.loaders.roleMembers.load(role.id);
  }
}
