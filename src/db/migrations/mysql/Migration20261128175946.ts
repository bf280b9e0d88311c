import { Migration } from '@mikro-orm/migrations';

/** ticket_users carries its ticket's created_at, backfilled, for ordered duty/worked/relation lists. */
export class Migration20261128175946 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`ticket_users\` drop index \`ticket_users_username_in_process_ticket_id_index\`;`);
    this.addSql(`alter table \`ticket_users\` drop index \`ticket_users_username_worked_ticket_id_index\`;`);

    this.addSql(`alter table \`ticket_users\` add \`created_at\` datetime(3) not null default '1970-01-01 00:00:00';`);
    this.addSql(`update \`ticket_users\` tu join \`tickets\` t on t.\`id\` = tu.\`ticket_id\` set tu.\`created_at\` = t.\`created_at\`;`);
    this.addSql(`alter table \`ticket_users\` alter \`created_at\` drop default;`);
    this.addSql(`alter table \`ticket_users\` add index \`ticket_users_username_created_at_ticket_id_index\`(\`username\`, \`created_at\`, \`ticket_id\`);`);
    this.addSql(
      `alter table \`ticket_users\` add index \`ticket_users_username_worked_created_at_ticket_id_index\`(\`username\`, \`worked\`, \`created_at\`, \`ticket_id\`);`,
    );
    this.addSql(
      `alter table \`ticket_users\` add index \`ticket_users_username_in_process_created_at_ticket_id_index\`(\`username\`, \`in_process\`, \`created_at\`, \`ticket_id\`);`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`ticket_users\` drop index \`ticket_users_username_created_at_ticket_id_index\`;`);
    this.addSql(`alter table \`ticket_users\` drop index \`ticket_users_username_worked_created_at_ticket_id_index\`;`);
    this.addSql(`alter table \`ticket_users\` drop index \`ticket_users_username_in_process_created_at_ticket_id_index\`;`);
    this.addSql(`alter table \`ticket_users\` drop column \`created_at\`;`);

    this.addSql(`alter table \`ticket_users\` add index \`ticket_users_username_in_process_ticket_id_index\`(\`username\`, \`in_process\`, \`ticket_id\`);`);
    this.addSql(`alter table \`ticket_users\` add index \`ticket_users_username_worked_ticket_id_index\`(\`username\`, \`worked\`, \`ticket_id\`);`);
  }
}
