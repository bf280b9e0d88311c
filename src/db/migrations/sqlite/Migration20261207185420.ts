import { Migration } from '@mikro-orm/migrations';

export class Migration20261207185420 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`apps\` add column \`browser_only\` integer not null default false;`);
    this.addSql(`alter table \`apps\` add column \`signing_secret\` text null;`);
  }
}
