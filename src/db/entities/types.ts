import { type EntityProperty, type Platform, TextType } from '@mikro-orm/core';
import { MySqlPlatform } from '@mikro-orm/knex';

/** Long text: `mediumtext` on MySQL/MariaDB (16 MB; `text` stops at 65,535 bytes), `text` on SQLite. */
export class MediumTextType extends TextType {
  override getColumnType(prop: EntityProperty, platform: Platform): string {
    return platform instanceof MySqlPlatform ? 'mediumtext' : super.getColumnType(prop, platform);
  }
}
