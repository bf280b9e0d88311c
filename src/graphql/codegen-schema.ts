import 'reflect-metadata';
import { buildLoongateSchemaSync } from './schema';

/** The schema for graphql-codegen (which cannot load decorated sources on Node 20). */
export default buildLoongateSchemaSync();
