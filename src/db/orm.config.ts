import 'reflect-metadata';
import { loadConfig } from '../config';
import { ormOptions } from './orm';

/** Configuration for the MikroORM CLI (reads DATABASE_URL). */
export default ormOptions(loadConfig().database);
