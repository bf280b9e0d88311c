import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/core';
import type { Dept, SlaVisit, State, Ticket, Transition, User, Workflow } from '../db/entities';
import { formatParticipant, type ParticipantInfo } from '../domain/participant-info';
import { membersByRole } from '../services/admin/role.service';
import { lookups, participantLookups } from '../services/lookups';
import { visitsOfTickets } from '../services/sla-clocks';

/** Per-request batch loaders: every list resolves its relations in a constant number of queries. */
export function createLoaders(em: EntityManager) {
  return {
    user: new DataLoader<string, User | null>((names) => lookups.usersByName(em, names)),
    state: new DataLoader<number, State | null>((ids) => lookups.statesById(em, ids)),
    workflow: new DataLoader<number, Workflow | null>((ids) => lookups.workflowsById(em, ids)),
    dept: new DataLoader<number, Dept | null>((ids) => lookups.deptsById(em, ids)),
    userDeptIds: new DataLoader<number, number[]>((ids) => lookups.deptIdsByUserId(em, ids)),
    transition: new DataLoader<number, Transition | null>((ids) => lookups.transitionsById(em, ids)),
    roleMembers: new DataLoader<number, User[]>((ids) => membersByRole(em, ids)),
    slaVisits: new DataLoader<number, SlaVisit[]>((ids) => visitsOfTickets(em, ids)),
    participantInfo: new DataLoader<Ticket, ParticipantInfo, number>(
      async (tickets) => {
        const look = await participantLookups(em, [...tickets]);
        return tickets.map((t) => formatParticipant(t, look));
      },
      { cacheKeyFn: (t) => t.id },
    ),
  };
}

/** The loaders of one request. */
export type Loaders = ReturnType<typeof createLoaders>;
