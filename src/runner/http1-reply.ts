import { MalformedReplyError } from './client.js';

/** A whole HTTP/1.x reply as read off a connection. */
export interface RawReply {
  status: number;
  statusText: string;
  /** [name, value, name, value, …] as sent. */
  rawHeaders: string[];
  body: Buffer;
  /** The connection may carry another request (HTTP/1.1 without `Connection: close`, body framed by length). */
  reusable: boolean;
}

/** A reply head bigger than this is not a chat endpoint's. */
const MAX_HEAD_BYTES = 64 * 1024;
/** A chunk-size line or a trailer line longer than this is garbage. */
const MAX_LINE_BYTES = 8 * 1024;
const CRLF2 = Buffer.from('\r\n\r\n');

type Mode = 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer' | 'close' | 'done';

/**
 * Parses one HTTP/1.x reply fed in pieces (RFC 9112): status line and headers, then a body framed
 * by Content-Length, by chunked transfer coding, or by the connection closing. 1xx interim replies
 * are skipped. Sizes are capped so a hostile server cannot fill the memory; anything the framing
 * rules do not allow is a MalformedReplyError. The reply is complete when `feed` or `end` returns it.
 */
export class ReplyParser {
  private mode: Mode = 'head';
  private pending: Buffer | null = null;
  private status = 0;
  private statusText = '';
  private rawHeaders: string[] = [];
  private keepAlive = true;
  private remaining = 0;
  private readonly parts: Buffer[] = [];
  private size = 0;
  /** Bytes past the end of the reply: the server sent more than was asked, so the connection is not reused. */
  private surplus = false;

  constructor(private readonly maxBodyBytes: number) {}

  /** Whether the reply is still being read (a connection closing now is a failure, not an end). */
  get started(): boolean {
    return this.mode !== 'head' || this.pending !== null;
  }

  feed(data: Buffer): RawReply | undefined {
    let buf = this.pending === null ? data : Buffer.concat([this.pending, data]);
    this.pending = null;
    while (buf.length > 0 && this.mode !== 'done') buf = this.step(buf);
    if (this.mode !== 'done') return undefined;
    if (buf.length > 0) this.surplus = true;
    return this.reply();
  }

  /** The server closed the connection: the end of a close-delimited body, else a cut reply. */
  end(): RawReply {
    if (this.mode === 'close') {
      this.mode = 'done';
      this.keepAlive = false;
      return this.reply();
    }
    throw Object.assign(new Error('socket hang up: the server closed the connection before the reply was complete'), { code: 'ECONNRESET' });
  }

  private reply(): RawReply {
    const body = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
    return { status: this.status, statusText: this.statusText, rawHeaders: this.rawHeaders, body, reusable: this.keepAlive && !this.surplus };
  }

  /** Consumes what it can of `buf` in the current mode; returns the rest. */
  private step(buf: Buffer): Buffer {
    switch (this.mode) {
      case 'head':
        return this.readHead(buf);
      case 'length':
      case 'chunk-data': {
        const take = Math.min(this.remaining, buf.length);
        this.addBody(buf.subarray(0, take));
        this.remaining -= take;
        if (this.remaining === 0) this.mode = this.mode === 'length' ? 'done' : 'chunk-end';
        return buf.subarray(take);
      }
      case 'close':
        this.addBody(buf);
        return buf.subarray(buf.length);
      case 'chunk-end': {
        const line = this.line(buf);
        if (line === undefined) return buf.subarray(buf.length);
        if (line.text !== '') throw new MalformedReplyError('chunked reply: chunk data longer than its size');
        this.mode = 'chunk-size';
        return line.rest;
      }
      case 'chunk-size': {
        const line = this.line(buf);
        if (line === undefined) return buf.subarray(buf.length);
        const hex = line.text.split(';', 1)[0]!.trim();
        if (!/^[0-9a-fA-F]{1,8}$/.test(hex)) throw new MalformedReplyError(`chunked reply: bad chunk size "${hex.slice(0, 20)}"`);
        this.remaining = parseInt(hex, 16);
        this.mode = this.remaining === 0 ? 'trailer' : 'chunk-data';
        return line.rest;
      }
      case 'trailer': {
        const line = this.line(buf);
        if (line === undefined) return buf.subarray(buf.length);
        if (line.text === '') this.mode = 'done';
        return line.rest;
      }
      case 'done':
        return buf;
    }
  }

  /** One CRLF-terminated line, or undefined (the partial line kept for the next piece). */
  private line(buf: Buffer): { text: string; rest: Buffer } | undefined {
    const at = buf.indexOf('\r\n');
    if (at < 0) {
      if (buf.length > MAX_LINE_BYTES) throw new MalformedReplyError('chunked reply: line too long');
      this.pending = Buffer.from(buf);
      return undefined;
    }
    return { text: buf.toString('latin1', 0, at), rest: buf.subarray(at + 2) };
  }

  private addBody(piece: Buffer): void {
    if (piece.length === 0) return;
    this.size += piece.length;
    if (this.size > this.maxBodyBytes) throw new MalformedReplyError(`reply body over ${this.maxBodyBytes} bytes`);
    this.parts.push(piece);
  }

  private readHead(buf: Buffer): Buffer {
    const end = buf.indexOf(CRLF2);
    if (end < 0) {
      if (buf.length > MAX_HEAD_BYTES) throw new MalformedReplyError(`reply headers over ${MAX_HEAD_BYTES} bytes`);
      this.pending = Buffer.from(buf);
      return buf.subarray(buf.length);
    }
    if (end > MAX_HEAD_BYTES) throw new MalformedReplyError(`reply headers over ${MAX_HEAD_BYTES} bytes`);
    const lines = buf.toString('latin1', 0, end).split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(lines[0]!);
    if (!m) throw new MalformedReplyError(`not an HTTP/1.x reply: "${lines[0]!.slice(0, 40)}"`);
    const status = Number(m[2]);
    const rest = buf.subarray(end + 4);
    // An interim reply (100 Continue, 103 Early Hints): the real one follows.
    if (status >= 100 && status < 200) {
      if (status === 101) throw new MalformedReplyError('the server switched protocols (101)');
      return rest;
    }
    this.status = status;
    this.statusText = m[3] ?? '';
    this.frame(lines, m[1] === '1');
    return rest;
  }

  /** Reads the headers and decides how the body is delimited (RFC 9112 §6.3). */
  private frame(lines: readonly string[], http11: boolean): void {
    let length: number | undefined;
    let chunked = false;
    let transferEncoded = false;
    let close = !http11;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0 || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) throw new MalformedReplyError('malformed reply header line');
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      this.rawHeaders.push(name, value);
      const lower = name.toLowerCase();
      if (lower === 'content-length') {
        if (!/^\d{1,15}$/.test(value) || (length !== undefined && length !== Number(value))) throw new MalformedReplyError(`bad Content-Length "${value.slice(0, 20)}"`);
        length = Number(value);
      } else if (lower === 'transfer-encoding') {
        transferEncoded = true;
        chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
      } else if (lower === 'connection') {
        const tokens = value.toLowerCase();
        if (/(?:^|,)\s*close\s*(?:,|$)/.test(tokens)) close = true;
        else if (!http11 && /(?:^|,)\s*keep-alive\s*(?:,|$)/.test(tokens)) close = false;
      }
    }
    this.keepAlive = !close;
    if (this.status === 204 || this.status === 304) this.mode = 'done';
    else if (transferEncoded) {
      // Length is ignored when a transfer coding is present; a coding other than chunked ends with the connection.
      this.mode = chunked ? 'chunk-size' : 'close';
    } else if (length !== undefined) {
      if (length > this.maxBodyBytes) throw new MalformedReplyError(`reply body over ${this.maxBodyBytes} bytes`);
      this.remaining = length;
      this.mode = length === 0 ? 'done' : 'length';
    } else this.mode = 'close';
    if (this.mode === 'close') this.keepAlive = false;
  }
}
