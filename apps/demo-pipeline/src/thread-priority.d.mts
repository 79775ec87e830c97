/** The niceness of the readers and the checkpointer (0 = normal, 19 = lowest); see thread-priority.mjs. */
export declare const BACKGROUND_NICENESS: number;
/** Sets the niceness of the calling thread (Linux); false when the platform has no per-thread priority. */
export declare function lowerThreadPriority(niceness: number): boolean;
