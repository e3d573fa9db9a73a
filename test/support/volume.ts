/**
 * Big-volume tests run at full size only in `bun run test:slow` (CI runs both scripts); the default
 * run exercises the same code paths with fewer items, so it stays fast and small on a shared machine.
 */
export const fullVolume = process.env.DBTOOLING_SLOW_TESTS === '1'

/** `full` items under `bun run test:slow`, `quick` otherwise. */
export function volume(full: number, quick: number): number {
  return fullVolume ? full : quick
}
