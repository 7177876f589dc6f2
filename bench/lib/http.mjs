// A keep-alive JSON client on node:http (fetch/undici would add its own overhead to the
// load generator, which shares the 2 cores with the servers it measures).
import http from 'node:http';

/** A client for one base URL with up to `sockets` kept-alive connections. */
export function jsonClient(baseUrl, sockets) {
  const url = new URL(baseUrl);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });

  /** POSTs JSON; resolves { status, text } (any status), rejects on network errors. */
  function post(path, body) {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (response) => {
          const chunks = [];
          response.on('data', (chunk) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode, text: Buffer.concat(chunks).toString() }),
          );
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  return { post, close: () => agent.destroy() };
}
