import type { MikroORM } from '@mikro-orm/core';

function tables(orm: MikroORM): { name: string; pk: string }[] {
  return Object.values(orm.getMetadata().getAll())
    .filter((m) => m.tableName && !m.abstract && !m.embeddable && !m.virtual && m.primaryKeys.length)
    .map((m) => ({ name: m.tableName, pk: m.properties[m.primaryKeys[0]].fieldNames[0] }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Copy every table aside (`fuzz_copy_<table>`), so that each property starts from the seeded database. */
export async function snapshotTables(orm: MikroORM): Promise<void> {
  const conn = orm.em.getConnection();
  for (const { name } of tables(orm)) {
    await conn.execute(`drop table if exists \`fuzz_copy_${name}\``);
    await conn.execute(`create table \`fuzz_copy_${name}\` as select * from \`${name}\``);
  }
}

/** Put every table back as snapshotTables saw it (fuzzed admin mutations may rotate the caller's token or delete its user). */
export async function restoreTables(orm: MikroORM): Promise<void> {
  const conn = orm.em.getConnection();
  for (const { name } of tables(orm)) {
    await conn.execute(`delete from \`${name}\``);
    await conn.execute(`insert into \`${name}\` select * from \`fuzz_copy_${name}\``);
  }
}

const CHECKSUMS: Record<string, [string, string, string]> = {
  tickets: ['sum(`version`)', 'sum(`state_id`)', 'sum(`act_state_id`) + 1000 * sum(`is_deleted`)'],
  ticket_values: ['sum(length(`string_value`))', 'sum(length(`text_value`))', 'count(`int_value`) + count(`float_value`) + count(`datetime_value`)'],
  serial_counters: ['sum(`value`)', '0', '0'],
};

/** A cheap fingerprint of the whole database: per table the row count and highest key, plus ticket and value checksums. */
export async function fingerprint(orm: MikroORM): Promise<string> {
  const selects = tables(orm).map(({ name, pk }) => {
    const [a, b, c] = CHECKSUMS[name] ?? ['0', '0', '0'];
    return `select '${name}' as t, count(*) as n, max(\`${pk}\`) as m, ${a} as a, ${b} as b, ${c} as c from \`${name}\``;
  });
  const rows = (await orm.em.getConnection().execute(selects.join(' union all '))) as Record<string, unknown>[];
  return rows.map((r) => [r.t, r.n, r.m, r.a, r.b, r.c].map(String).join(':')).join(' | ');
}
