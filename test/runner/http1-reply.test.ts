import { describe, expect, it } from 'vitest';
import { MalformedReplyError } from '../../src/runner/client.js';
import { ReplyParser, type RawReply } from '../../src/runner/http1-reply.js';

/** Feeds `wire` to a fresh parser in pieces of `size` bytes; returns the reply and the piece it completed on. */
function parse(wire: string, size: number, max = 1024): { reply: RawReply | undefined; at: number } {
  const p = new ReplyParser(max);
  const bytes = Buffer.from(wire, 'utf8');
  for (let i = 0; i < bytes.length; i += size) {
    const reply = p.feed(bytes.subarray(i, i + size));
    if (reply) return { reply, at: Math.min(i + size, bytes.length) };
  }
  return { reply: undefined, at: bytes.length };
}

const LENGTH = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{"text":"héllo"}';
const CHUNKED = 'HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\na;name=v\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n';

describe('HTTP/1.1 reply parser', () => {
  it('reads a Content-Length reply split at every byte boundary', () => {
    for (const size of [1, 2, 3, 7, 64, 4096]) {
      const { reply } = parse(LENGTH, size);
      expect(reply?.status).toBe(200);
      expect(reply?.statusText).toBe('OK');
      expect(reply?.rawHeaders).toEqual(['Content-Type', 'application/json', 'Content-Length', '17']);
      expect(reply?.body.toString('utf8')).toBe('{"text":"héllo"}');
      expect(reply?.reusable).toBe(true);
    }
  });

  it('reads a chunked reply (extensions, trailers) split at every byte boundary', () => {
    for (const size of [1, 2, 5, 4096]) {
      const { reply, at } = parse(CHUNKED, size);
      expect(reply?.status).toBe(201);
      expect(reply?.body.toString()).toBe('abcd0123456789');
      expect(reply?.reusable).toBe(true);
      expect(at).toBe(Buffer.byteLength(CHUNKED)); // complete only once the last CRLF is in
    }
  });

  it('is not complete before the last byte', () => {
    expect(parse(LENGTH.slice(0, -1), 4096).reply).toBeUndefined();
    expect(parse(CHUNKED.slice(0, -2), 4096).reply).toBeUndefined();
  });

  it('knows when a connection may not be reused', () => {
    expect(parse('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n', 4096).reply?.reusable).toBe(false);
    expect(parse('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', 4096).reply?.reusable).toBe(false);
    expect(parse('HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok', 4096).reply?.reusable).toBe(true);
    expect(parse(`${LENGTH}HTTP/1.1 200 OK`, 4096).reply?.reusable).toBe(false); // surplus bytes
    expect(parse('HTTP/1.1 204 No Content\r\n\r\n', 4096).reply?.body.length).toBe(0);
  });

  it('reads a body without length to the end of the connection, and calls an early end a cut reply', () => {
    const p = new ReplyParser(1024);
    expect(p.feed(Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome'))).toBeUndefined();
    expect(p.feed(Buffer.from(' more'))).toBeUndefined();
    const reply = p.end();
    expect(reply.body.toString()).toBe('some more');
    expect(reply.reusable).toBe(false);

    const cut = new ReplyParser(1024);
    cut.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc'));
    expect(() => cut.end()).toThrow(/closed the connection/);
  });

  it('skips interim 1xx replies', () => {
    const { reply } = parse(`HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n${LENGTH}`, 3);
    expect(reply?.status).toBe(200);
    expect(reply?.body.toString()).toBe('{"text":"héllo"}');
  });

  it('rejects what the framing rules do not allow', () => {
    const bad = [
      'SMTP ready\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n',
      'HTTP/1.1 101 Switching Protocols\r\n\r\n',
    ];
    for (const wire of bad) expect(() => parse(wire, 4096), wire).toThrow(MalformedReplyError);
  });

  it('caps the body, declared or streamed, and the header block', () => {
    expect(() => parse('HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n', 4096, 1000)).toThrow(/over 1000 bytes/);
    const chunks = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n' + '100\r\n' + 'x'.repeat(256) + '\r\n';
    expect(() => parse(chunks.repeat(1) + ('100\r\n' + 'x'.repeat(256) + '\r\n').repeat(4), 4096, 1000)).toThrow(/over 1000 bytes/);
    expect(() => parse(`HTTP/1.1 200 OK\r\nX: ${'a'.repeat(70_000)}`, 4096)).toThrow(/headers over/);
  });
});
