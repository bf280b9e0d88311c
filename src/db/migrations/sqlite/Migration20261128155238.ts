import { Migration } from '@mikro-orm/migrations';

export class Migration20261128155238 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index \`outbox_jobs_finished_at_index\` on \`outbox_jobs\` (\`finished_at\`);`);

    this.addSql(`drop index \`tickets_workflow_id_created_at_index\`;`);

    this.addSql(`create index \`tickets_workflow_id_is_deleted_created_at_index\` on \`tickets\` (\`workflow_id\`, \`is_deleted\`, \`created_at\`);`);
  }
}
