import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

/**
 * The benchmark's ceiling: raw node:http sending, from memory, the identical status, headers and
 * body the real server sent for the article page. Started as its own process like the real one.
 */
const snapshot = JSON.parse(readFileSync(process.argv[2] as string, 'utf8')) as {
  status: number;
  headers: [string, string][];
  body: string;
};
const body = Buffer.from(snapshot.body, 'base64');
const server = createServer((_req, res) => {
  res.statusCode = snapshot.status;
  for (const [name, value] of snapshot.headers) res.setHeader(name, value);
  res.setHeader('Content-Length', body.length);
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`reference at http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
