import { existsSync } from 'node:fs';
import { openDb, type Db } from './db.js';

/**
 * Runs `fn` with the store opened read-only when it exists, and with undefined when it does not:
 * commands that only read (list, show, diff, lint) must never create a store file.
 */
export function withExistingStore<T>(path: string, fn: (db: Db | undefined) => T): T {
  if (!existsSync(path)) return fn(undefined);
  const db = openDb(path, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
