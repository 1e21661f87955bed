/** Time source injected everywhere a rule depends on "now", so tests can control it. */
export interface Clock {
  nowMs(): number;
}

export const systemClock: Clock = { nowMs: () => Date.now() };

const DAY_MS = 86_400_000;
/** 9999-12-31T23:59:59.999Z: past it `toISOString` writes a six-digit year (±YYYYYY). */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

let cachedDay = Number.NaN;
let cachedDayPrefix = '';

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const three = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

/**
 * `new Date(ms).toISOString()`, the same string, without a `Date` per call: a status names five
 * to ten instants and is described on every reading, and the `Date` and its native formatting
 * were 1.5 % of the event loop under the benchmark's load (docs/benchmarks.md §1, fifth round).
 * The day's `YYYY-MM-DDT` is kept from the last call (readings arrive in order, so it rarely
 * changes); the time of day is plain arithmetic. Outside years 1970–9999, or for a value that is
 * not a finite number, `Date` itself answers (and throws where it throws).
 */
export function isoTime(ms: number | null): string | null {
  if (ms === null) return null;
  if (!(ms >= 0 && ms <= LAST_FOUR_DIGIT_YEAR_MS)) return new Date(ms).toISOString();
  const whole = Math.trunc(ms);
  const day = Math.floor(whole / DAY_MS);
  if (day !== cachedDay) {
    cachedDayPrefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    cachedDay = day;
  }
  let rest = whole - day * DAY_MS;
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const second = rest % 60;
  rest = (rest - second) / 60;
  const minute = rest % 60;
  const hour = (rest - minute) / 60;
  return `${cachedDayPrefix}${two(hour)}:${two(minute)}:${two(second)}.${three(milli)}Z`;
}
