import type { BenchDb, Target } from './db';
import { loonflowHandlePool, loonflowWorkload, seedLoonflow } from './loonflow';
import { handlePool, seed, type SeedOptions, type SeedReport } from './seed';
import { HANDLER } from './tickets';
import type { Workload } from './workload';

/** The data sets a run may use. */
export const DATA_SETS = ['demo', 'loonflow'] as const;

/** One data set's name. */
export type DataSetName = (typeof DATA_SETS)[number];

/** How a data set is seeded and driven. */
export interface DataSet {
  name: DataSetName;
  seed(target: Target, opts: SeedOptions & { port: number }): Promise<SeedReport>;
  /** Tickets the handle scenario may act on, consumed in order. */
  handlePool(db: BenchDb): Promise<number[]>;
  workload(db: BenchDb): Promise<Workload>;
}

/** The demo app's credentials (definitions/demo.yaml). */
const DEMO_APP = { name: 'ops', token: '8cd585da-3cc6-11e8-9946-784f437daad6' };

/** The bundled demo definitions, bulk-loaded: every request as the handler admin, reads spread over all tickets. */
const demo: DataSet = {
  name: 'demo',
  seed: (target, opts) => seed(target, opts),
  handlePool,
  async workload(db) {
    const [row] = await db.query<{ n: number }>('select max(id) as n from tickets');
    const maxId = Number(row?.n ?? 0);
    return {
      app: DEMO_APP,
      userOf: () => HANDLER,
      readId: () => 1 + Math.floor(Math.random() * maxId),
      create: (n) => ({
        workflowId: 1,
        transitionId: 1,
        title: 'bench',
        fields: { reason: `bench create ${n}`, date_start: '2026-12-01 09:00:00', date_end: '2026-12-03 18:00:00' },
      }),
      handleTransition: 2,
    };
  },
};

/** loonflow's own demo data, every ticket written through the API (bench/loonflow.ts). */
const loonflow: DataSet = { name: 'loonflow', seed: seedLoonflow, handlePool: loonflowHandlePool, workload: loonflowWorkload };

/** The data set of a name. */
export const dataSet = (name: DataSetName): DataSet => (name === 'demo' ? demo : loonflow);
