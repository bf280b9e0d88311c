import type { Action } from './scenarios';

/** The app a data set's requests authenticate as (REST signature, GraphQL Bearer). */
export interface BenchApp {
  name: string;
  token: string;
}

/** One ticket to create: what the REST body and the GraphQL input both carry. */
export interface CreateRequest {
  workflowId: number;
  transitionId: number;
  title: string;
  fields: Record<string, unknown>;
}

/** What a data set's scenarios send, and as whom. */
export interface Workload {
  app: BenchApp;
  /** The user who sends each action's requests (the `username` header). */
  userOf(action: Action): string;
  /** A ticket for one read request (detail, transitions, flow logs), drawn at random. */
  readId(): number;
  /** The n-th ticket the create scenario makes. */
  create(n: number): CreateRequest;
  /** The transition the handle scenario takes on each ticket of the pool. */
  handleTransition: number;
}

/** A uniform draw from a list. */
export const anyOf = (ids: readonly number[]) => () => ids[Math.floor(Math.random() * ids.length)];
