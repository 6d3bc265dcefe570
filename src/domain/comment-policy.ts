/** Seconds left before this author may post again, or 0 when they may post now. */
export function floodWaitSeconds(lastPostAt: string | null, now: Date, floodSeconds: number): number {
  if (!lastPostAt || floodSeconds === 0) return 0;
  const elapsed = (now.getTime() - Date.parse(lastPostAt)) / 1000;
  return elapsed >= floodSeconds ? 0 : Math.ceil(floodSeconds - elapsed);
}
