// A TCP proxy in front of PostgreSQL that counts the statements its clients send, for when
// pg_stat_statements is not loaded (it needs shared_preload_libraries and a server restart).
//
// It reads the frontend side of the wire protocol: after the startup packet (no type byte),
// every message is a type byte plus an int32 length. A statement is one Execute ('E', extended
// protocol: node-postgres with parameters) or one Query ('Q', simple protocol: BEGIN, COMMIT,
// queries without parameters; a 'Q' carrying several ';'-separated statements counts as one).
// Plain TCP only: the benchmarks connect to a loopback server without TLS.
import { createConnection, createServer } from 'node:net';

/** Starts the proxy on a free loopback port; returns { port, counts, close }. */
export async function startCountingProxy(targetHost, targetPort) {
  const counts = { statements: 0, execute: 0, query: 0, connections: 0 };
  const sockets = new Set();
  const server = createServer((client) => {
    counts.connections += 1;
    const upstream = createConnection({ host: targetHost, port: targetPort });
    sockets.add(client);
    sockets.add(upstream);
    let buffer = Buffer.alloc(0);
    let isStarted = false;
    client.on('data', (chunk) => {
      upstream.write(chunk);
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      let offset = 0;
      for (;;) {
        if (!isStarted) {
          // Startup / SSLRequest: int32 length (including itself), no type byte.
          if (buffer.length - offset < 4) break;
          const length = buffer.readInt32BE(offset);
          if (buffer.length - offset < length) break;
          const code = length >= 8 ? buffer.readInt32BE(offset + 4) : 0;
          offset += length;
          // 80877103 = SSLRequest, 80877104 = GSSENCRequest: the real startup packet follows.
          if (code !== 80877103 && code !== 80877104) isStarted = true;
          continue;
        }
        if (buffer.length - offset < 5) break;
        const type = buffer[offset];
        const length = buffer.readInt32BE(offset + 1);
        if (buffer.length - offset < length + 1) break;
        if (type === 0x45) {
          counts.execute += 1;
          counts.statements += 1;
        } else if (type === 0x51) {
          counts.query += 1;
          counts.statements += 1;
        }
        offset += length + 1;
      }
      buffer = offset === buffer.length ? Buffer.alloc(0) : buffer.subarray(offset);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    counts,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
