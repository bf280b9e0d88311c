import { Migration } from '@mikro-orm/migrations';

export class Migration20261128155241 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`outbox_jobs\` add index \`outbox_jobs_finished_at_index\`(\`finished_at\`);`);

    this.addSql(`alter table \`tickets\` drop index \`tickets_workflow_id_created_at_index\`;`);

    this.addSql(`alter table \`tickets\` add index \`tickets_workflow_id_is_deleted_created_at_index\`(\`workflow_id\`, \`is_deleted\`, \`created_at\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`tickets\` drop index \`tickets_workflow_id_is_deleted_created_at_index\`;`);

    this.addSql(`alter table \`tickets\` add index \`tickets_workflow_id_created_at_index\`(\`workflow_id\`, \`created_at\`);`);

    this.addSql(`alter table \`outbox_jobs\` drop index \`outbox_jobs_finished_at_index\`;`);
  }
}
