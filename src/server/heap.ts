import v8 from 'node:v8';

/**
 * Bound how far V8 grows the heap past what its last full collection kept. Left to itself on a large
 * machine V8 lets it grow up to 4×: under load the old space fills with short-lived request objects
 * that survived a scavenge, and the process peaks near 350 MB although less than 60 MB is live.
 * At 100 % (2×) it peaks near 220 MB for a few percent more CPU (README, "Memory"). V8 reads this
 * flag at every collection, so setting it after start takes effect; 0 leaves V8's choice alone.
 */
export function limitHeapGrowth(percent: number): void {
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
}
