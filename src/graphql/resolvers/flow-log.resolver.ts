import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { FlowLog, State } from '../../db/entities';
import { ParticipantType } from '../../domain/constants';
import { logAttributeTypeId, logParticipantInfo, logTransitionName } from '../../services/flow-log-view';
import type { GqlContext } from '../context';
import { InterveneTypeEnum } from '../enums';
import { FlowLogType, LogParticipantInfoType } from '../types/ticket.type';
import { StateType } from '../types/workflow.type';

/** Flow log fields. */
@Resolver(() => FlowLogType)
export class FlowLogResolver {
  @FieldResolver(() => InterveneTypeEnum)
  interveneType(@Root() log: FlowLog): number {
    return log.interveneTypeId;
  }

  @FieldResolver(() => String, { description: 'The transition name, or the synthetic name of an intervention.' })
  async transitionName(@Ctx() ctx: GqlContext, @Root() log: FlowLog): Promise<string> {
    const t = log.transitionId ? await ctx.loaders.transition.load(log.transitionId) : null;
    return logTransitionName(log, t?.name);
  }

  @FieldResolver(() => Int, { description: "The transition's attribute; 3 (other) for interventions." })
  async attributeTypeId(@Ctx() ctx: GqlContext, @Root() log: FlowLog): Promise<number> {
    return logAttributeTypeId(log.transitionId ? await ctx.loaders.transition.load(log.transitionId) : null);
  }

  @FieldResolver(() => StateType, { nullable: true, description: 'The state the ticket was in when the action was taken; null when it was deleted.' })
  state(@Ctx() ctx: GqlContext, @Root() log: FlowLog): Promise<State | null> {
    return ctx.loaders.state.load(log.stateId);
  }

  @FieldResolver(() => LogParticipantInfoType, { description: 'Who acted, with their name and contact details.' })
  async participantInfo(@Ctx() ctx: GqlContext, @Root() log: FlowLog): Promise<LogParticipantInfoType> {
    return logParticipantInfo(log, log.participantTypeId === ParticipantType.PERSONAL ? await ctx.loaders.user.load(log.participant) : null);
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'Snapshot of all ticket values after the action.' })
  ticketData(@Root() log: FlowLog): Record<string, unknown> {
    return log.ticketData;
  }
}
