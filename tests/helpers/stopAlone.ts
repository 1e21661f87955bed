/**
 * Starts the whole system in a process of its own and stops it, with nothing else in the process
 * (no test runner, no other connection): what a bench or a one-off script does. Prints `stopped`
 * once `stop()` returns; a stop that waits on something the emptied event loop no longer holds
 * never prints it, and Node ends the process with code 13 (an unsettled top-level await).
 *
 *   node --import tsx tests/helpers/stopAlone.ts [ingestWriterThread=0|1]
 */
import { startTestSystem, tempDataDir } from './testSystem';

const { dir, remove } = tempDataDir();
const system = await startTestSystem(dir, { ingestWriterThread: process.argv[2] === '1' });
await system.stop();
remove();
process.stdout.write('stopped\n');
