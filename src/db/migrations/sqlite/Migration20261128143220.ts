import { Migration } from '@mikro-orm/migrations';

export class Migration20261128143220 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`apps\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`name\` text not null, \`token\` text not null, \`all_workflows\` integer not null default false, \`workflow_ids\` json not null, \`sn_prefix\` text not null default 'loonflow', \`read_only_definitions\` integer not null default false);`,
    );
    this.addSql(`create unique index \`apps_name_unique\` on \`apps\` (\`name\`);`);

    this.addSql(
      `create table \`custom_fields\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`workflow_id\` integer not null, \`field_key\` text not null, \`field_name\` text not null default '', \`field_type_id\` integer not null, \`order_id\` integer not null default 0, \`default_value\` json null, \`description\` text not null default '', \`placeholder\` text not null default '', \`field_template\` text not null default '', \`boolean_field_display\` json not null, \`field_choice\` json not null, \`label\` json not null);`,
    );
    this.addSql(`create index \`custom_fields_workflow_id_index\` on \`custom_fields\` (\`workflow_id\`);`);

    this.addSql(
      `create table \`depts\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`name\` text not null, \`parent_id\` integer null, \`leader\` text not null default '', \`approvers\` json not null, \`label\` json not null);`,
    );
    this.addSql(`create unique index \`depts_name_unique\` on \`depts\` (\`name\`);`);
    this.addSql(`create index \`depts_parent_id_index\` on \`depts\` (\`parent_id\`);`);

    this.addSql(
      `create table \`flow_logs\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`transition_id\` integer not null default 0, \`suggestion\` text not null default '', \`participant_type_id\` integer not null default 1, \`participant\` text not null default '', \`state_id\` integer not null, \`intervene_type_id\` integer not null default 0, \`ticket_data\` json not null, \`created_at\` datetime not null, \`is_deleted\` integer not null default false);`,
    );
    this.addSql(`create index \`flow_logs_ticket_id_id_index\` on \`flow_logs\` (\`ticket_id\`, \`id\`);`);

    this.addSql(
      `create table \`notices\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`workflow_id\` integer not null, \`name\` text not null, \`url\` text not null, \`token\` text not null default '');`,
    );
    this.addSql(`create index \`notices_workflow_id_index\` on \`notices\` (\`workflow_id\`);`);

    this.addSql(
      `create table \`outbox_attempts\` (\`id\` integer not null primary key autoincrement, \`job_id\` integer not null, \`at\` datetime not null, \`outcome\` text not null, \`response_code\` integer null, \`error\` text not null default '');`,
    );
    this.addSql(`create index \`outbox_attempts_job_id_index\` on \`outbox_attempts\` (\`job_id\`);`);

    this.addSql(
      `create table \`outbox_jobs\` (\`id\` integer not null primary key autoincrement, \`kind\` text not null, \`ticket_id\` integer not null, \`payload\` json not null, \`status\` text not null default 'pending', \`attempts\` integer not null default 0, \`max_attempts\` integer not null default 5, \`last_error\` text not null default '', \`run_at\` datetime not null, \`locked_by\` text not null default '', \`locked_until\` datetime null, \`finished_at\` datetime null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`outbox_jobs_ticket_id_index\` on \`outbox_jobs\` (\`ticket_id\`);`);
    this.addSql(`create index \`outbox_jobs_status_run_at_index\` on \`outbox_jobs\` (\`status\`, \`run_at\`);`);

    this.addSql(
      `create table \`roles\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`name\` text not null, \`description\` text not null default '', \`label\` json not null);`,
    );
    this.addSql(`create unique index \`roles_name_unique\` on \`roles\` (\`name\`);`);

    this.addSql(`create table \`serial_counters\` (\`key\` text not null, \`value\` integer not null default 0, primary key (\`key\`));`);

    this.addSql(
      `create table \`states\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`workflow_id\` integer not null, \`name\` text not null, \`type_id\` integer not null default 0, \`order_id\` integer not null default 0, \`is_hidden\` integer not null default false, \`participant_type_id\` integer not null default 0, \`participant\` text not null default '', \`distribute_type_id\` integer not null default 2, \`fields\` json not null, \`enable_retreat\` integer not null default false, \`remember_last_man\` integer not null default false, \`label\` json not null);`,
    );
    this.addSql(`create index \`states_workflow_id_order_id_index\` on \`states\` (\`workflow_id\`, \`order_id\`);`);

    this.addSql(
      `create table \`tickets\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`title\` text not null default '', \`workflow_id\` integer not null, \`sn\` text not null, \`state_id\` integer not null, \`parent_ticket_id\` integer not null default 0, \`parent_ticket_state_id\` integer not null default 0, \`participant_type_id\` integer not null default 0, \`participant\` text not null default '', \`relation\` text not null default '', \`in_add_node\` integer not null default false, \`add_node_man\` text not null default '', \`add_node_stack\` json not null, \`script_run_last_result\` integer not null default true, \`act_state_id\` integer not null default 1, \`multi_all_person\` json not null, \`version\` integer not null default 1);`,
    );
    this.addSql(`create unique index \`tickets_sn_unique\` on \`tickets\` (\`sn\`);`);
    this.addSql(`create index \`tickets_parent_ticket_id_parent_ticket_state_id_index\` on \`tickets\` (\`parent_ticket_id\`, \`parent_ticket_state_id\`);`);
    this.addSql(`create index \`tickets_created_at_index\` on \`tickets\` (\`created_at\`);`);
    this.addSql(`create index \`tickets_state_id_index\` on \`tickets\` (\`state_id\`);`);
    this.addSql(`create index \`tickets_creator_created_at_index\` on \`tickets\` (\`creator\`, \`created_at\`);`);
    this.addSql(`create index \`tickets_workflow_id_created_at_index\` on \`tickets\` (\`workflow_id\`, \`created_at\`);`);

    this.addSql(
      `create table \`ticket_users\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`username\` text not null, \`in_process\` integer not null default false, \`worked\` integer not null default false);`,
    );
    this.addSql(`create index \`ticket_users_username_worked_ticket_id_index\` on \`ticket_users\` (\`username\`, \`worked\`, \`ticket_id\`);`);
    this.addSql(`create index \`ticket_users_username_in_process_ticket_id_index\` on \`ticket_users\` (\`username\`, \`in_process\`, \`ticket_id\`);`);
    this.addSql(`create unique index \`ticket_users_ticket_id_username_unique\` on \`ticket_users\` (\`ticket_id\`, \`username\`);`);

    this.addSql(
      `create table \`ticket_values\` (\`id\` integer not null primary key autoincrement, \`ticket_id\` integer not null, \`field_key\` text not null, \`field_type_id\` integer not null, \`string_value\` text null, \`text_value\` text null, \`int_value\` bigint null, \`float_value\` double null, \`bool_value\` integer null, \`date_value\` text null, \`datetime_value\` datetime null);`,
    );
    this.addSql(`create index \`ticket_values_field_key_date_value_index\` on \`ticket_values\` (\`field_key\`, \`date_value\`);`);
    this.addSql(`create index \`ticket_values_field_key_datetime_value_index\` on \`ticket_values\` (\`field_key\`, \`datetime_value\`);`);
    this.addSql(`create index \`ticket_values_field_key_float_value_index\` on \`ticket_values\` (\`field_key\`, \`float_value\`);`);
    this.addSql(`create index \`ticket_values_field_key_int_value_index\` on \`ticket_values\` (\`field_key\`, \`int_value\`);`);
    this.addSql(`create index \`ticket_values_field_key_string_value_index\` on \`ticket_values\` (\`field_key\`, \`string_value\`);`);
    this.addSql(`create unique index \`ticket_values_ticket_id_field_key_unique\` on \`ticket_values\` (\`ticket_id\`, \`field_key\`);`);

    this.addSql(
      `create table \`transitions\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`workflow_id\` integer not null, \`name\` text not null, \`type_id\` integer not null default 1, \`timer\` integer not null default 0, \`source_state_id\` integer not null, \`destination_state_id\` integer not null, \`conditions\` json not null, \`attribute_type_id\` integer not null default 1, \`field_require_check\` integer not null default true, \`alert_enable\` integer not null default false, \`alert_text\` text not null default '');`,
    );
    this.addSql(`create index \`transitions_workflow_id_index\` on \`transitions\` (\`workflow_id\`);`);
    this.addSql(`create index \`transitions_source_state_id_index\` on \`transitions\` (\`source_state_id\`);`);

    this.addSql(
      `create table \`users\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`username\` text not null, \`alias\` text not null default '', \`email\` text not null default '', \`phone\` text not null default '', \`is_active\` integer not null default true, \`is_admin\` integer not null default false);`,
    );
    this.addSql(`create unique index \`users_username_unique\` on \`users\` (\`username\`);`);

    this.addSql(
      `create table \`user_depts\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`dept_id\` integer not null, \`position\` integer not null default 0);`,
    );
    this.addSql(`create index \`user_depts_user_id_index\` on \`user_depts\` (\`user_id\`);`);
    this.addSql(`create index \`user_depts_dept_id_index\` on \`user_depts\` (\`dept_id\`);`);
    this.addSql(`create unique index \`user_depts_user_id_dept_id_unique\` on \`user_depts\` (\`user_id\`, \`dept_id\`);`);

    this.addSql(`create table \`user_roles\` (\`id\` integer not null primary key autoincrement, \`user_id\` integer not null, \`role_id\` integer not null);`);
    this.addSql(`create index \`user_roles_user_id_index\` on \`user_roles\` (\`user_id\`);`);
    this.addSql(`create index \`user_roles_role_id_index\` on \`user_roles\` (\`role_id\`);`);
    this.addSql(`create unique index \`user_roles_user_id_role_id_unique\` on \`user_roles\` (\`user_id\`, \`role_id\`);`);

    this.addSql(
      `create table \`workflows\` (\`id\` integer not null primary key autoincrement, \`creator\` text not null default '', \`created_at\` datetime not null, \`updated_at\` datetime not null, \`is_deleted\` integer not null default false, \`name\` text not null, \`description\` text not null default '', \`view_permission_check\` integer not null default true, \`limit_expression\` json not null, \`display_form\` json not null, \`title_template\` text not null default '你有一个待办工单:{title}', \`content_template\` text not null default '标题:{title}, 创建时间:{gmt_created}');`,
    );
    this.addSql(`create unique index \`workflows_name_unique\` on \`workflows\` (\`name\`);`);

    this.addSql(
      `create table \`workflow_admins\` (\`id\` integer not null primary key autoincrement, \`workflow_id\` integer not null, \`username\` text not null);`,
    );
    this.addSql(`create index \`workflow_admins_workflow_id_index\` on \`workflow_admins\` (\`workflow_id\`);`);
    this.addSql(`create unique index \`workflow_admins_workflow_id_username_unique\` on \`workflow_admins\` (\`workflow_id\`, \`username\`);`);
  }
}
