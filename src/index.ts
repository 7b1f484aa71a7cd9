/**
 * stoppoint's library API. The CLI (src/cli/) is a thin shell over these functions;
 * users and tests import them directly.
 */
export * from './errors.js';
export * from './workspace.js';
export * from './probes/schema.js';
export * from './plan/schema.js';
export * from './metrics/registry.js';
export * from './metrics/types.js';
export * from './graders/grade.js';
export * from './signals/types.js';
export * from './verdict/schema.js';
export { openDb, migrate, schemaVersion, type Db } from './store/db.js';
