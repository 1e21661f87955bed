import { describe, expect, it } from 'vitest';
import { SLOW_TURN_MS, SLOW_TURN_MSG, timedTurn } from '../../../server/features/slowTurns';

/** A logger that keeps what it is told, and a clock the job itself moves on. */
function setup() {
  const lines: Array<{ obj: object; msg: string }> = [];
  const logger = { warn: (obj: object, msg: string) => lines.push({ obj, msg }) };
  let nowMs = 1_000;
  const clock = { now: () => nowMs, spend: (ms: number) => (nowMs += ms) };
  return { lines, logger, clock };
}

describe('timedTurn: a job that holds the event loop SLOW_TURN_MS or more is logged', () => {
  it('logs a slow job with its name, its milliseconds and its details, and passes its result on', () => {
    const { lines, logger, clock } = setup();
    const result = timedTurn(
      'estimator save slice',
      logger,
      () => {
        clock.spend(SLOW_TURN_MS + 20.4);
        return 'written';
      },
      () => ({ rows: 100 }),
      clock.now,
    );
    expect(result).toBe('written');
    expect(lines).toEqual([
      { obj: { job: 'estimator save slice', ms: SLOW_TURN_MS + 20, rows: 100 }, msg: SLOW_TURN_MSG },
    ]);
  });

  it('says nothing of a job shorter than SLOW_TURN_MS', () => {
    const { lines, logger, clock } = setup();
    timedTurn('estimator tick', logger, () => clock.spend(SLOW_TURN_MS - 1), undefined, clock.now);
    expect(lines).toEqual([]);
  });

  it('logs a slow job that throws, and lets the error through', () => {
    const { lines, logger, clock } = setup();
    expect(() =>
      timedTurn(
        'ingest commit',
        logger,
        () => {
          clock.spend(SLOW_TURN_MS);
          throw new Error('database is locked');
        },
        undefined,
        clock.now,
      ),
    ).toThrow('database is locked');
    expect(lines).toEqual([{ obj: { job: 'ingest commit', ms: SLOW_TURN_MS }, msg: SLOW_TURN_MSG }]);
  });
});
