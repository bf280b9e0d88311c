import { Migration } from '@mikro-orm/migrations';

export class Migration20261207185423 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`apps\` add \`browser_only\` tinyint(1) not null default false, add \`signing_secret\` varchar(200) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`apps\` drop column \`browser_only\`, drop column \`signing_secret\`;`);
  }
}
