import { readdirSync, readFileSync } from 'node:fs';

/** The nice value of a thread from its /proc stat line (field 19, the 16th after the command name). */
export function niceOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

/** How many threads of this process run at `nice` (Linux). */
export function threadsAtNice(nice: number): number {
  return readdirSync('/proc/self/task').filter((tid) => {
    try {
      return niceOf(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')) === nice;
    } catch {
      return false; // the thread ended meanwhile
    }
  }).length;
}
