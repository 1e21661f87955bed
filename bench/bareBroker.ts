import { createServer } from 'node:net';
import { Aedes } from 'aedes';

/**
 * The baseline of `npm run bench`: aedes with no hooks, in a process of its own as the server
 * under test is, on a free port. Prints `port N` once listening.
 */
const aedes = await Aedes.createBroker();
const server = createServer(aedes.handle);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`port ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  aedes.close(() => process.exit(0));
});
