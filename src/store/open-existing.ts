import { existsSync } from 'node:fs';
import { InputError } from '../errors.js';
import { openDb, type Db } from './db.js';

/** Opens the store for a command that needs results already there: no store is a user mistake, not a new file. */
export function openExistingStore(path: string): Db {
  if (!existsSync(path)) throw new InputError(`no results store at ${path}: run a plan first (stoppoint run PLAN)`);
  return openDb(path);
}
