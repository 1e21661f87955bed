#!/usr/bin/env bash
# `npm run test:hours`: the suites whose rules depend on the time of day (restock active hours,
# quiet hours, activity "today", alerts) run under libfaketime at several wall-clock times of
# today. Every test clock starts at a fixed instant, so each run must pass whatever the hour;
# this keeps it so. Any failing hour fails the whole run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Only the wall clock moves: the monotonic clock (timers, performance.now()) stays real.
export FAKETIME_DONT_FAKE_MONOTONIC=1
day="$(date -u +%F)"
suites=(
  tests/server/domain/restock
  tests/server/domain/notifications
  tests/server/domain/timeOfDay.test.ts
  tests/server/domain/estimation/forecastAndActivity.test.ts
  tests/integration/restockApi.test.ts
  tests/integration/restockEndToEnd.test.ts
  tests/integration/restockFaults.test.ts
  tests/integration/restockWithSimulator.test.ts
  tests/integration/stockEstimation.test.ts
  tests/e2e/estimates.test.ts
)
# Suites that exist only once their feature lands are picked up by name.
for extra in tests/server/domain/alerts tests/integration/alerts*.test.ts; do [ -e "$extra" ] && suites+=("$extra"); done

failed=()
for hour in 01:00:00 07:30:00 15:00:00 22:30:00; do
  wall="$(TZ=UTC faketime -f "@$day $hour" date -u '+%F %T')"
  echo "== wall clock $wall UTC: ${suites[*]}"
  if ! TZ=UTC faketime -f "@$day $hour" npx vitest run "${suites[@]}"; then failed+=("$hour"); fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "test:hours: failed at ${failed[*]} UTC" >&2
  exit 1
fi
echo "test:hours: passed at 01:00, 07:30, 15:00 and 22:30 UTC"
