import { Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import type { FlowLog, State } from '../../db/entities';
import { Attribute, ParticipantType } from '../../domain/constants';
import { logTransitionName } from '../../services/ticket-read.service';
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
    const t = log.transitionId ? await ctx.loaders.transition.load(log.transitionId) : null;
    return t?.attributeTypeId ?? Attribute.OTHER;
  }

  @FieldResolver(() => StateType, { nullable: true, description: 'The state the ticket was in when the action was taken; null when it was deleted.' })
  state(@Ctx() ctx: GqlContext, @Root() log: FlowLog): Promise<State | null> {
    return ctx.loaders.state.load(log.stateId);
  }

  @FieldResolver(() => LogParticipantInfoType, { description: 'Who acted, with their name and contact details.' })
  async participantInfo(@Ctx() ctx: GqlContext, @Root() log: FlowLog): Promise<LogParticipantInfoType> {
    const base = { participantTypeId: log.participantTypeId, participant: log.participant, participantAlias: log.participant, participantEmail: '', participantPhone: '' };
    if (log.participantTypeId !== ParticipantType.PERSONAL) return base;
    const user = await ctx.loaders.user.load(log.participant);
    return user ? { ...base, participantAlias: user.alias || user.username, participantEmail: user.email, participantPhone: user.phone } : base;
  }

  @FieldResolver(() => GraphQLJSONObject, { description: 'Snapshot of all ticket values after the action.' })
  ticketData(@Root() log: FlowLog): Record<string, unknown> {
    return log.ticketData;
  }
}
