import { Arg, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Dept, Role, User } from '../../../db/entities';
import * as depts from '../../../services/admin/dept.service';
import * as roles from '../../../services/admin/role.service';
import * as users from '../../../services/admin/user.service';
import type { GqlContext } from '../../context';
import { DeptType, RoleType, UserType } from '../../types/org.type';
import {
  CreateDeptInput, CreateRoleInput, CreateUserInput, UpdateDeptInput, UpdateRoleInput, UpdateUserInput,
} from './org-admin.input';

/** People and groups (superusers): users, depts, roles and role memberships. */
@Resolver(() => RoleType)
export class OrgAdminResolver {
  @Mutation(() => UserType)
  createUser(@Ctx() ctx: GqlContext, @Arg('input') input: CreateUserInput): Promise<User> {
    return users.createUser(ctx, input);
  }

  @Mutation(() => UserType)
  updateUser(@Ctx() ctx: GqlContext, @Arg('id', () => Int) id: number, @Arg('input') input: UpdateUserInput): Promise<User> {
    return users.updateUser(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a user with their role and workflow-admin memberships; refused while definitions name them.' })
  deleteUser(@Ctx() ctx: GqlContext, @Arg('id', () => Int) id: number): Promise<boolean> {
    return users.deleteUser(ctx, id);
  }

  @Mutation(() => DeptType)
  createDept(@Ctx() ctx: GqlContext, @Arg('input') input: CreateDeptInput): Promise<Dept> {
    return depts.createDept(ctx, input);
  }

  @Mutation(() => DeptType)
  updateDept(@Ctx() ctx: GqlContext, @Arg('id', () => Int) id: number, @Arg('input') input: UpdateDeptInput): Promise<Dept> {
    return depts.updateDept(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a dept and its memberships; refused while sub-depts, participants or limits name it.' })
  deleteDept(@Ctx() ctx: GqlContext, @Arg('id', () => Int) id: number): Promise<boolean> {
    return depts.deleteDept(ctx, id);
  }

  @Mutation(() => RoleType)
  createRole(@Ctx() ctx: GqlContext, @Arg('input') input: CreateRoleInput): Promise<Role> {
    return roles.createRole(ctx, input);
  }

  @Mutation(() => RoleType)
  updateRole(@Ctx() ctx: GqlContext, @Arg('id', () => Int) id: number, @Arg('input') input: UpdateRoleInput): Promise<Role> {
    return roles.updateRole(ctx, id, input);
  }

  @Mutation(() => Boolean, { description: 'Soft-delete a role; refused while participants or limits name it.' })
  deleteRole(@Ctx() ctx: GqlContext, @Arg('id', () => Int) id: number): Promise<boolean> {
    return roles.deleteRole(ctx, id);
  }

  @Mutation(() => RoleType)
  addRoleMember(@Ctx() ctx: GqlContext, @Arg('roleId', () => Int) roleId: number, @Arg('userId', () => Int) userId: number): Promise<Role> {
    return roles.addRoleMember(ctx, roleId, userId);
  }

  @Mutation(() => RoleType)
  removeRoleMember(@Ctx() ctx: GqlContext, @Arg('roleId', () => Int) roleId: number, @Arg('userId', () => Int) userId: number): Promise<Role> {
    return roles.removeRoleMember(ctx, roleId, userId);
  }

  @FieldResolver(() => [UserType], { description: 'Members of the role.' })
  members(@Ctx() ctx: GqlContext, @Root() role: Role): Promise<User[]> {
    return ctx.loaders.roleMembers.load(role.id);
  }
}
