// Connections cannot be held for free: one that never sends a byte, a header sent a byte at a time, a
// response nobody reads and a reader that trickles are all closed by the server within its timeouts
// (short ones here; SERVER_TIMEOUTS are what `npm start` uses).
import express from 'express';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, SERVER_TIMEOUTS, type ServerTimeouts } from '../server/web/http-server.ts';

/** Every timeout far away but the one a test is about, so each test shows what its timeout does. */
const FAR: ServerTimeouts = {
  headersMs: 60_000,
  requestMs: 60_000,
  idleMs: 60_000,
  keepAliveMs: 60_000,
  responseMs: 60_000,
  checkEveryMs: 100,
};
/** A response far larger than the socket buffers, so that an unread one stays pending in the server. */
const BIG = Buffer.alloc(64 * 1024 * 1024, 'x');

const app = express();
app.get('/big', (_req, res) => res.type('text/plain').send(BIG));
app.get('/small', (_req, res) => res.type('text/plain').send('ok'));

/** The app on a server with these timeouts; helpers to open raw connections and count the server's. */
function serve(timeouts: Partial<ServerTimeouts>) {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createHttpServer(app, { ...FAR, ...timeouts });
    server.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const open = () =>
    new Promise<Socket>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(socket));
      socket.on('error', () => {});
    });
  const connections = () =>
    new Promise<number>((resolve, reject) =>
      server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
    );
  /** Whether the server holds no connection within `withinMs`. */
  async function closedWithin(withinMs: number): Promise<boolean> {
    const started = performance.now();
    while (performance.now() - started < withinMs) {
      if ((await connections()) === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return false;
  }
  return { open, connections, closedWithin, url: (path: string) => `http://127.0.0.1:${port}${path}` };
}

const requestUnread = (socket: Socket) => {
  socket.pause();
  socket.write('GET /big HTTP/1.1\r\nHost: x\r\n\r\n');
};

describe('the idle timeout', () => {
  const server = serve({ idleMs: 400 });

  it('closes a connection that never sends a byte', async () => {
    const socket = await server.open();
    expect(await server.connections()).toBe(1);
    expect(await server.closedWithin(3000)).toBe(true);
    socket.destroy();
  });

  it('closes a connection whose response is never read', async () => {
    const socket = await server.open();
    requestUnread(socket);
    expect(await server.closedWithin(3000)).toBe(true);
    socket.destroy();
  });

  it('keeps a connection that is read, and answers it', async () => {
    const response = await fetch(server.url('/small'));
    expect(await response.text()).toBe('ok');
  });
});

describe('the headers timeout', () => {
  const server = serve({ headersMs: 600, requestMs: 1000 });

  it('closes a connection whose headers come a byte at a time', async () => {
    const socket = await server.open();
    const header = `GET /small HTTP/1.1\r\nHost: x\r\nX-Padding: ${'x'.repeat(500)}`;
    let sent = 0;
    const drip = setInterval(
      () => (socket.destroyed ? clearInterval(drip) : socket.write(header[sent++ % header.length]!)),
      50,
    );
    expect(await server.closedWithin(4000)).toBe(true);
    clearInterval(drip);
    socket.destroy();
  });
});

describe('the response deadline', () => {
  const server = serve({ responseMs: 1000 });

  it('closes a connection whose reader trickles', async () => {
    const socket = await server.open();
    requestUnread(socket);
    let received = 0;
    // A few KB every 50 ms: never idle for long, never done.
    const trickle = setInterval(() => {
      const chunk = socket.read(4096) as Buffer | null;
      if (chunk) received += chunk.length;
    }, 50);
    expect(await server.closedWithin(4000)).toBe(true);
    clearInterval(trickle);
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(BIG.length);
    socket.destroy();
  });
});

describe('npm start’s timeouts', () => {
  it('are set on the server it creates', () => {
    const real = createHttpServer(express());
    expect(real.headersTimeout).toBe(SERVER_TIMEOUTS.headersMs);
    expect(real.requestTimeout).toBe(SERVER_TIMEOUTS.requestMs);
    expect(real.keepAliveTimeout).toBe(SERVER_TIMEOUTS.keepAliveMs);
    expect(real.timeout).toBe(SERVER_TIMEOUTS.idleMs);
    // The idle timeout outlasts the longest wait for a turn (scheduler.ts), so a queued request is not cut off.
    expect(SERVER_TIMEOUTS.idleMs).toBeGreaterThan(10_000);
  });
});
