import { Migration } from '@mikro-orm/migrations';

export class Migration20261128143220 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`apps\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`name\` varchar(100) not null, \`token\` varchar(200) not null, \`all_workflows\` tinyint(1) not null default false, \`workflow_ids\` json not null, \`sn_prefix\` varchar(50) not null default 'loonflow', \`read_only_definitions\` tinyint(1) not null default false) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`apps\` add unique \`apps_name_unique\`(\`name\`);`);

    this.addSql(
      `create table \`custom_fields\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`workflow_id\` int not null, \`field_key\` varchar(50) not null, \`field_name\` varchar(100) not null default '', \`field_type_id\` int not null, \`order_id\` int not null default 0, \`default_value\` json null, \`description\` varchar(500) not null default '', \`placeholder\` varchar(200) not null default '', \`field_template\` text not null default (''), \`boolean_field_display\` json not null, \`field_choice\` json not null, \`label\` json not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`custom_fields\` add index \`custom_fields_workflow_id_index\`(\`workflow_id\`);`);

    this.addSql(
      `create table \`depts\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`name\` varchar(100) not null, \`parent_id\` int null, \`leader\` varchar(100) not null default '', \`approvers\` json not null, \`label\` json not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`depts\` add unique \`depts_name_unique\`(\`name\`);`);
    this.addSql(`alter table \`depts\` add index \`depts_parent_id_index\`(\`parent_id\`);`);

    this.addSql(
      `create table \`flow_logs\` (\`id\` int unsigned not null auto_increment primary key, \`ticket_id\` int not null, \`transition_id\` int not null default 0, \`suggestion\` text not null default (''), \`participant_type_id\` int not null default 1, \`participant\` varchar(200) not null default '', \`state_id\` int not null, \`intervene_type_id\` int not null default 0, \`ticket_data\` json not null, \`created_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`flow_logs\` add index \`flow_logs_ticket_id_id_index\`(\`ticket_id\`, \`id\`);`);

    this.addSql(
      `create table \`notices\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`workflow_id\` int not null, \`name\` varchar(100) not null, \`url\` varchar(1000) not null, \`token\` varchar(200) not null default '') default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`notices\` add index \`notices_workflow_id_index\`(\`workflow_id\`);`);

    this.addSql(
      `create table \`outbox_attempts\` (\`id\` int unsigned not null auto_increment primary key, \`job_id\` int not null, \`at\` datetime(3) not null, \`outcome\` varchar(20) not null, \`response_code\` int null, \`error\` text not null default ('')) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`outbox_attempts\` add index \`outbox_attempts_job_id_index\`(\`job_id\`);`);

    this.addSql(
      `create table \`outbox_jobs\` (\`id\` int unsigned not null auto_increment primary key, \`kind\` varchar(20) not null, \`ticket_id\` int not null, \`payload\` json not null, \`status\` varchar(20) not null default 'pending', \`attempts\` int not null default 0, \`max_attempts\` int not null default 5, \`last_error\` text not null default (''), \`run_at\` datetime(3) not null, \`locked_by\` varchar(100) not null default '', \`locked_until\` datetime(3) null, \`finished_at\` datetime(3) null, \`created_at\` datetime(3) not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`outbox_jobs\` add index \`outbox_jobs_ticket_id_index\`(\`ticket_id\`);`);
    this.addSql(`alter table \`outbox_jobs\` add index \`outbox_jobs_status_run_at_index\`(\`status\`, \`run_at\`);`);

    this.addSql(
      `create table \`roles\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`name\` varchar(100) not null, \`description\` varchar(200) not null default '', \`label\` json not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`roles\` add unique \`roles_name_unique\`(\`name\`);`);

    this.addSql(
      `create table \`serial_counters\` (\`key\` varchar(100) not null, \`value\` int not null default 0, primary key (\`key\`)) default character set utf8mb4 engine = InnoDB;`,
    );

    this.addSql(
      `create table \`states\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`workflow_id\` int not null, \`name\` varchar(100) not null, \`type_id\` int not null default 0, \`order_id\` int not null default 0, \`is_hidden\` tinyint(1) not null default false, \`participant_type_id\` int not null default 0, \`participant\` text not null default (''), \`distribute_type_id\` int not null default 2, \`fields\` json not null, \`enable_retreat\` tinyint(1) not null default false, \`remember_last_man\` tinyint(1) not null default false, \`label\` json not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`states\` add index \`states_workflow_id_order_id_index\`(\`workflow_id\`, \`order_id\`);`);

    this.addSql(
      `create table \`tickets\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`title\` varchar(500) not null default '', \`workflow_id\` int not null, \`sn\` varchar(64) not null, \`state_id\` int not null, \`parent_ticket_id\` int not null default 0, \`parent_ticket_state_id\` int not null default 0, \`participant_type_id\` int not null default 0, \`participant\` text not null default (''), \`relation\` text not null default (''), \`in_add_node\` tinyint(1) not null default false, \`add_node_man\` varchar(100) not null default '', \`add_node_stack\` json not null, \`script_run_last_result\` tinyint(1) not null default true, \`act_state_id\` int not null default 1, \`multi_all_person\` json not null, \`version\` int not null default 1) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`tickets\` add unique \`tickets_sn_unique\`(\`sn\`);`);
    this.addSql(
      `alter table \`tickets\` add index \`tickets_parent_ticket_id_parent_ticket_state_id_index\`(\`parent_ticket_id\`, \`parent_ticket_state_id\`);`,
    );
    this.addSql(`alter table \`tickets\` add index \`tickets_created_at_index\`(\`created_at\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_state_id_index\`(\`state_id\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_creator_created_at_index\`(\`creator\`, \`created_at\`);`);
    this.addSql(`alter table \`tickets\` add index \`tickets_workflow_id_created_at_index\`(\`workflow_id\`, \`created_at\`);`);

    this.addSql(
      `create table \`ticket_users\` (\`id\` int unsigned not null auto_increment primary key, \`ticket_id\` int not null, \`username\` varchar(100) not null, \`in_process\` tinyint(1) not null default false, \`worked\` tinyint(1) not null default false) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`ticket_users\` add index \`ticket_users_username_worked_ticket_id_index\`(\`username\`, \`worked\`, \`ticket_id\`);`);
    this.addSql(`alter table \`ticket_users\` add index \`ticket_users_username_in_process_ticket_id_index\`(\`username\`, \`in_process\`, \`ticket_id\`);`);
    this.addSql(`alter table \`ticket_users\` add unique \`ticket_users_ticket_id_username_unique\`(\`ticket_id\`, \`username\`);`);

    this.addSql(
      `create table \`ticket_values\` (\`id\` int unsigned not null auto_increment primary key, \`ticket_id\` int not null, \`field_key\` varchar(50) not null, \`field_type_id\` int not null, \`string_value\` varchar(700) null, \`text_value\` text null, \`int_value\` bigint null, \`float_value\` double null, \`bool_value\` tinyint(1) null, \`date_value\` varchar(10) null, \`datetime_value\` datetime null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`ticket_values\` add index \`ticket_values_field_key_date_value_index\`(\`field_key\`, \`date_value\`);`);
    this.addSql(`alter table \`ticket_values\` add index \`ticket_values_field_key_datetime_value_index\`(\`field_key\`, \`datetime_value\`);`);
    this.addSql(`alter table \`ticket_values\` add index \`ticket_values_field_key_float_value_index\`(\`field_key\`, \`float_value\`);`);
    this.addSql(`alter table \`ticket_values\` add index \`ticket_values_field_key_int_value_index\`(\`field_key\`, \`int_value\`);`);
    this.addSql(`alter table \`ticket_values\` add index \`ticket_values_field_key_string_value_index\`(\`field_key\`, \`string_value\`);`);
    this.addSql(`alter table \`ticket_values\` add unique \`ticket_values_ticket_id_field_key_unique\`(\`ticket_id\`, \`field_key\`);`);

    this.addSql(
      `create table \`transitions\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`workflow_id\` int not null, \`name\` varchar(100) not null, \`type_id\` int not null default 1, \`timer\` int not null default 0, \`source_state_id\` int not null, \`destination_state_id\` int not null, \`conditions\` json not null, \`attribute_type_id\` int not null default 1, \`field_require_check\` tinyint(1) not null default true, \`alert_enable\` tinyint(1) not null default false, \`alert_text\` varchar(500) not null default '') default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`transitions\` add index \`transitions_workflow_id_index\`(\`workflow_id\`);`);
    this.addSql(`alter table \`transitions\` add index \`transitions_source_state_id_index\`(\`source_state_id\`);`);

    this.addSql(
      `create table \`users\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`username\` varchar(100) not null, \`alias\` varchar(100) not null default '', \`email\` varchar(200) not null default '', \`phone\` varchar(50) not null default '', \`is_active\` tinyint(1) not null default true, \`is_admin\` tinyint(1) not null default false) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`users\` add unique \`users_username_unique\`(\`username\`);`);

    this.addSql(
      `create table \`user_depts\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int not null, \`dept_id\` int not null, \`position\` int not null default 0) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`user_depts\` add index \`user_depts_user_id_index\`(\`user_id\`);`);
    this.addSql(`alter table \`user_depts\` add index \`user_depts_dept_id_index\`(\`dept_id\`);`);
    this.addSql(`alter table \`user_depts\` add unique \`user_depts_user_id_dept_id_unique\`(\`user_id\`, \`dept_id\`);`);

    this.addSql(
      `create table \`user_roles\` (\`id\` int unsigned not null auto_increment primary key, \`user_id\` int not null, \`role_id\` int not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`user_roles\` add index \`user_roles_user_id_index\`(\`user_id\`);`);
    this.addSql(`alter table \`user_roles\` add index \`user_roles_role_id_index\`(\`role_id\`);`);
    this.addSql(`alter table \`user_roles\` add unique \`user_roles_user_id_role_id_unique\`(\`user_id\`, \`role_id\`);`);

    this.addSql(
      `create table \`workflows\` (\`id\` int unsigned not null auto_increment primary key, \`creator\` varchar(50) not null default '', \`created_at\` datetime(3) not null, \`updated_at\` datetime(3) not null, \`is_deleted\` tinyint(1) not null default false, \`name\` varchar(100) not null, \`description\` varchar(500) not null default '', \`view_permission_check\` tinyint(1) not null default true, \`limit_expression\` json not null, \`display_form\` json not null, \`title_template\` varchar(200) not null default '你有一个待办工单:{title}', \`content_template\` varchar(1000) not null default '标题:{title}, 创建时间:{gmt_created}') default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`workflows\` add unique \`workflows_name_unique\`(\`name\`);`);

    this.addSql(
      `create table \`workflow_admins\` (\`id\` int unsigned not null auto_increment primary key, \`workflow_id\` int not null, \`username\` varchar(100) not null) default character set utf8mb4 engine = InnoDB;`,
    );
    this.addSql(`alter table \`workflow_admins\` add index \`workflow_admins_workflow_id_index\`(\`workflow_id\`);`);
    this.addSql(`alter table \`workflow_admins\` add unique \`workflow_admins_workflow_id_username_unique\`(\`workflow_id\`, \`username\`);`);
  }
}
