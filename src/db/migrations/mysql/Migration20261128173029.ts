import { Migration } from '@mikro-orm/migrations';

export class Migration20261128173029 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`apps\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`custom_fields\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`depts\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`notices\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`roles\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`states\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`tickets\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`ticket_values\` modify \`text_value\` mediumtext;`);

    this.addSql(`alter table \`transitions\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`users\` modify \`creator\` varchar(100) not null default '';`);

    this.addSql(`alter table \`workflows\` modify \`creator\` varchar(100) not null default '';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`notices\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`roles\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`ticket_values\` modify \`text_value\` text;`);

    this.addSql(`alter table \`states\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`tickets\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`transitions\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`workflows\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`depts\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`apps\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`custom_fields\` modify \`creator\` varchar(50) not null default '';`);

    this.addSql(`alter table \`users\` modify \`creator\` varchar(50) not null default '';`);
  }
}
