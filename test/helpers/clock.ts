/** A clock tests move by hand: no sleeps, no rewritten timestamps. */
export function testClock(start = '2026-01-15T12:00:00.000Z') {
  let current = new Date(start).getTime();
  return {
    now: () => new Date(current),
    advance(seconds: number) {
      current += seconds * 1000;
    },
  };
}
