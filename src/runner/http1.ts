import net from 'node:net';
import tls from 'node:tls';
import { ReplyParser, type RawReply } from './http1-reply.js';

/**
 * A keep-alive HTTP/1.1 client for one origin, straight on sockets: one request per connection at
 * a time (no pipelining), idle connections reused last-in first-out, at most `maxSockets` open.
 * Why not node:http: for a small JSON exchange its request/response streams, agent bookkeeping and
 * events cost ~150 µs of CPU per request; this costs ~50 (BENCHMARKS.md, "Runner"). It does only
 * what a chat endpoint needs: a request with a known-length body, a reply read whole.
 */
export interface Origin {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: number;
}

export interface PoolOptions {
  maxSockets: number;
  maxBodyBytes: number;
  /** Extra TLS settings (a private CA for a self-hosted endpoint, tests); the defaults verify as node:https does. */
  tls?: tls.ConnectionOptions;
}

/** One request in flight: `cancel` ends it (deadline, stop) and closes its connection. */
export interface Pending {
  reply: Promise<RawReply>;
  cancel(err: Error): void;
}

class Exchange {
  readonly reply: Promise<RawReply>;
  private settle!: { resolve: (r: RawReply) => void; reject: (e: Error) => void };
  private conn: Connection | undefined;
  private done = false;
  readonly parser: ReplyParser;
  constructor(readonly payload: string, maxBodyBytes: number) {
    this.parser = new ReplyParser(maxBodyBytes);
    this.reply = new Promise<RawReply>((resolve, reject) => (this.settle = { resolve, reject }));
  }
  start(conn: Connection): void {
    if (this.done) return conn.pool.release(conn);
    this.conn = conn;
    conn.send(this);
  }
  finish(reply: RawReply): void {
    this.done = true;
    this.settle.resolve(reply);
  }
  fail(err: Error): void {
    if (this.done) return;
    this.done = true;
    this.conn?.destroy();
    this.settle.reject(err);
  }
}

class Connection {
  private current: Exchange | undefined;
  constructor(readonly socket: net.Socket, readonly pool: OriginPool) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('end', () => this.onEnd());
    socket.on('error', (err) => this.onGone(err));
    socket.on('close', () => this.onGone(hangUp()));
  }
  send(ex: Exchange): void {
    this.current = ex;
    this.socket.ref();
    this.socket.write(ex.payload);
  }
  destroy(): void {
    this.current = undefined;
    this.socket.destroy();
    this.pool.drop(this);
  }
  private onData(data: Buffer): void {
    const ex = this.current;
    // Bytes nobody asked for: the connection's framing can no longer be trusted.
    if (ex === undefined) return this.destroy();
    let reply: RawReply | undefined;
    try {
      reply = ex.parser.feed(data);
    } catch (err) {
      return ex.fail(err as Error);
    }
    if (reply === undefined) return;
    this.current = undefined;
    if (reply.reusable) this.pool.release(this);
    else this.destroy();
    ex.finish(reply);
  }
  private onEnd(): void {
    const ex = this.current;
    if (ex === undefined) return this.destroy();
    let reply: RawReply;
    try {
      reply = ex.parser.end();
    } catch (err) {
      return ex.fail(err as Error);
    }
    this.destroy();
    ex.finish(reply);
  }
  private onGone(err: Error): void {
    const ex = this.current;
    this.current = undefined;
    this.pool.drop(this);
    ex?.fail(err);
  }
}

function hangUp(): Error {
  return Object.assign(new Error('socket hang up: the connection closed before the reply was complete'), { code: 'ECONNRESET' });
}

export class OriginPool {
  private readonly idle: Connection[] = [];
  private readonly open = new Set<Connection>();
  private readonly queue: Exchange[] = [];
  constructor(private readonly origin: Origin, private readonly options: PoolOptions) {}

  /** Sends `payload` (request line, headers and body, already rendered) and reads the reply. */
  request(payload: string): Pending {
    const ex = new Exchange(payload, this.options.maxBodyBytes);
    const conn = this.idle.pop() ?? (this.open.size < this.options.maxSockets ? this.connect() : undefined);
    if (conn) ex.start(conn);
    else this.queue.push(ex);
    return { reply: ex.reply, cancel: (err) => ex.fail(err) };
  }

  release(conn: Connection): void {
    const next = this.queue.shift();
    if (next) return next.start(conn);
    // An idle connection does not keep the process alive.
    conn.socket.unref();
    this.idle.push(conn);
  }

  drop(conn: Connection): void {
    if (!this.open.delete(conn)) return;
    const at = this.idle.indexOf(conn);
    if (at >= 0) this.idle.splice(at, 1);
    const next = this.queue.shift();
    if (next) next.start(this.connect());
  }

  private connect(): Connection {
    const { protocol, hostname, port } = this.origin;
    const host = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    const socket =
      protocol === 'https:'
        ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], ...this.options.tls })
        : net.connect({ host, port });
    const conn = new Connection(socket, this);
    this.open.add(conn);
    return conn;
  }
}
