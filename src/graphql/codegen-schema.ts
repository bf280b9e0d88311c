import 'reflect-metadata';
import { buildSchema, printSchema } from 'graphql';
import { buildLoongateSchemaSync } from './schema';

/**
 * The schema for graphql-codegen (which cannot load decorated sources on Node 20), rebuilt from its SDL
 * so enums are typed by their GraphQL names (what clients send), not their internal loonflow ids.
 */
export default buildSchema(printSchema(buildLoongateSchemaSync()));
