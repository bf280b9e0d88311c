import { DateTimeISOResolver } from 'graphql-scalars';
import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { CountersignPolicy } from '../../domain/countersign';

/** How many voters must choose one transition. */
export enum CountersignModeEnum {
  ALL = 'all',
  ANY = 'any',
  QUORUM = 'quorum',
}
registerEnumType(CountersignModeEnum, {
  name: 'CountersignMode',
  description: 'How many voters of a countersign round must choose one transition for the ticket to take it.',
  valuesConfig: {
    ALL: { description: 'Every voter.' },
    ANY: { description: 'The first vote decides.' },
    QUORUM: { description: '`min` votes, or `percent` of the voters (rounded up).' },
  },
});

/** What a round does when its voters can no longer agree. */
export enum DisagreementRuleEnum {
  REVOTE = 'revote',
  MAJORITY = 'majority',
  TO_STATE = 'to_state',
}
registerEnumType(DisagreementRuleEnum, {
  name: 'DisagreementRule',
  description: 'What a countersign round does when no transition can get the votes it needs any more.',
  valuesConfig: {
    REVOTE: { description: 'Every voter votes again (loonflow).' },
    MAJORITY: { description: 'Once everyone voted, the transition with the most votes; a tie votes again.' },
    TO_STATE: { description: 'The ticket goes to `toStateId`.' },
  },
});

/** What one vote did. */
export enum VoteOutcomeEnum {
  WAIT = 'wait',
  MOVE = 'move',
  REVOTE = 'revote',
  TO_STATE = 'to_state',
}
registerEnumType(VoteOutcomeEnum, {
  name: 'VoteOutcome',
  description: 'What a vote did to the ticket.',
  valuesConfig: {
    WAIT: { description: 'Others still had to vote.' },
    MOVE: { description: 'It decided: the ticket moved through a transition.' },
    REVOTE: { description: 'The voters disagreed: everyone votes again.' },
    TO_STATE: { description: "The voters disagreed: the ticket went to the policy's state." },
  },
});

@ObjectType('CountersignPolicy', { description: 'How a distribute-all state counts the votes of its handlers.' })
export class CountersignPolicyType {
  @Field(() => CountersignModeEnum, { description: 'How many voters must choose one transition.' }) mode!: CountersignModeEnum;
  @Field(() => Int, { nullable: true, description: 'Quorum: the votes one transition needs (all voters when there are fewer).' }) min!: number | null;
  @Field(() => Float, { nullable: true, description: 'Quorum: the share of the voters one transition needs, in percent, rounded up.' }) percent!: number | null;
  @Field({ description: 'A vote for a refuse-attribute transition decides at once.' }) veto!: boolean;
  @Field(() => DisagreementRuleEnum, { description: 'What happens when the voters can no longer agree.' }) onDisagreement!: DisagreementRuleEnum;
  @Field(() => Int, { nullable: true, description: 'With TO_STATE: where the ticket goes.' }) toStateId!: number | null;
}

/** The GraphQL form of a stored policy. */
export function policyView(p: CountersignPolicy): CountersignPolicyType {
  const rule = p.onDisagreement;
  return {
    mode: p.mode as CountersignModeEnum,
    min: p.min ?? null,
    percent: p.percent ?? null,
    veto: p.veto,
    onDisagreement: rule.rule as DisagreementRuleEnum,
    toStateId: rule.rule === 'to_state' ? rule.stateId : null,
  };
}

@ObjectType('TicketVote', { description: 'One vote of a countersign round, as the ledger recorded it with the handle.' })
export class TicketVoteType {
  @Field({ description: 'Who voted.' }) voter!: string;
  @Field(() => Int, { description: 'The transition the voter chose.' }) transitionId!: number;
  @Field({ description: 'Its name.' }) transitionName!: string;
  @Field({ description: "The voter's suggestion." }) suggestion!: string;
  @Field(() => VoteOutcomeEnum, { description: 'What the vote did.' }) outcome!: VoteOutcomeEnum;
  @Field(() => DateTimeISOResolver, { description: 'When (UTC, ISO 8601).' }) createdAt!: Date;
}

@ObjectType('VoteVisit', { description: 'The votes of one visit of the ticket to a countersign state (votes of other visits never mix in).' })
export class VoteVisitType {
  @Field(() => Int, { description: 'The countersign state.' }) stateId!: number;
  @Field(() => Int, { description: "The ticket's visit number (it counts every entry into a state)." }) visit!: number;
  @Field({ description: 'Whether this is the visit the ticket is in now.' }) current!: boolean;
  @Field(() => [TicketVoteType], { description: 'Every vote cast in the visit, oldest first, across rounds (a REVOTE outcome starts a new round).' })
  votes!: TicketVoteType[];
  @Field(() => [String], { description: 'Who still has to vote in the current round (empty for past visits).' }) pending!: string[];
  @Field(() => [String], {
    description: 'Pending voters who are deleted, inactive or unknown users: a workflow manager can hand their votes on with reassignVote.',
  })
  departed!: string[];
}
