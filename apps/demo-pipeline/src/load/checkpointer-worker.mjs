// The WAL checkpointer's thread (see checkpointer.ts): one connection that copies committed WAL
// frames into the database file when asked, so the copy and its fsync never stall the loader.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BACKGROUND_NICENESS, lowerThreadPriority } from '../thread-priority.mjs';

// the loader's thread is the critical path: the copies can wait while it needs the cores
lowerThreadPriority(BACKGROUND_NICENESS);

const db = new Database(workerData.file, { fileMustExist: true });
db.pragma(`busy_timeout = ${String(workerData.busyTimeoutMs)}`);
let wanted = false;
let closing = false;

function checkpoint() {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ type: 'checkpointed', result });
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}

parentPort.on('message', (message) => {
  if (message === 'close') closing = true;
  else if (message === 'checkpoint') wanted = true;
  // requests that arrived while a checkpoint ran are one request: the next checkpoint covers them all
  setImmediate(() => {
    if (wanted) {
      wanted = false;
      checkpoint();
    }
    if (closing) {
      db.close();
      parentPort.close();
    }
  });
});
