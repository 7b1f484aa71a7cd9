import { afterEach } from 'vitest';

/** Something a test starts and must stop: a simulator (SimServer, LaunchedSim) or any server. */
export interface Closable {
  close(): Promise<void>;
}

export interface SimulatorFixture {
  /** Awaits a simulator's start; it is closed after the test (a test may also close it itself: close() is idempotent). */
  start<T extends Closable>(starting: Promise<T>): Promise<T>;
  /** Removes a temporary workspace (anything with `cleanup()`) after the test, once the simulators are closed; returns it. */
  temp<T extends { cleanup: () => void }>(made: T): T;
}

/**
 * The set-up and tear-down every test against the simulator repeated: call it once in a `describe`.
 * Each simulator a test starts through it is closed after that test, latest first, then each
 * temporary workspace it registered is removed, in order.
 */
export function useSimulator(): SimulatorFixture {
  const servers: Closable[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0).reverse()) await s.close();
    for (const c of cleanups.splice(0)) c();
  });
  return {
    async start(starting) {
      const server = await starting;
      servers.push(server);
      return server;
    },
    temp(made) {
      cleanups.push(made.cleanup);
      return made;
    },
  };
}
