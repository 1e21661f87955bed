#!/usr/bin/env bash
# Installs the programs the tests run for real, before any test starts. `npm test`,
# `npm run test:faults`, `npm run test:hours` and `.ci/run` all call this one script.
#
#   program         Debian package       used by
#   mosquitto       mosquitto            the external-broker and broker-restart tests
#   mosquitto_pub   mosquitto-clients    black-box checks with a real command-line client
#   influxd         influxdb             the InfluxDB 1.x mirror tests
#   chromium        chromium             the dashboard end to end (never a downloaded browser)
#   faketime        faketime             `npm run test:hours`: the time-of-day suites at several hours
#   victoria-metrics victoria-metrics    the InfluxDB 2.x mirror tests (a real server speaking /api/v2/write)
#
# A program counts as present only when it is on PATH: a package removed with its config files
# left behind still answers `dpkg -s` with exit 0, but runs nothing.
# Missing programs are installed with apt-get, as root or through a sudo that needs no password.
# When that cannot be done, the script stops with exit 1 and one line naming the command to run.
# No test is ever skipped because a part is missing.
set -uo pipefail

programs=(mosquitto mosquitto_pub influxd chromium faketime victoria-metrics)
packages=(mosquitto mosquitto-clients influxdb chromium faketime victoria-metrics)
# Tests find Chromium at $CHROMIUM_PATH when it is set (tests/helpers/browser.ts).
chromium_program="${CHROMIUM_PATH:-chromium}"

missing_packages() {
  local i program
  for i in "${!programs[@]}"; do
    program="${programs[$i]}"
    [ "$program" = chromium ] && program="$chromium_program"
    command -v "$program" >/dev/null 2>&1 || printf '%s\n' "${packages[$i]}"
  done
}

mapfile -t missing < <(missing_packages)
[ "${#missing[@]}" -eq 0 ] && exit 0

install_command="sudo apt-get install -y ${missing[*]}"
give_up() {
  echo "npm test needs ${missing[*]} ($1): run \`$install_command\`, then npm test again" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || give_up 'no apt-get on this machine'
if [ "$(id -u 2>/dev/null || echo 1)" = 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true >/dev/null 2>&1; then
  as_root=(sudo -n)
else
  give_up 'installing them needs root, and sudo asks for a password'
fi

echo "Installing the Debian packages the tests use: ${missing[*]}" >&2
apt_log="$(mktemp)"
apt_failed() {
  tail -n 20 "$apt_log" >&2
  give_up "$1 failed; its last lines are above"
}
"${as_root[@]}" apt-get update -qq >"$apt_log" 2>&1 || apt_failed 'apt-get update'
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >"$apt_log" 2>&1 || apt_failed 'apt-get install'
rm -f "$apt_log"

# Installing starts their services on the default ports; the tests start their own on free ports.
for service in mosquitto influxdb victoria-metrics; do
  if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet "$service" 2>/dev/null; then
    "${as_root[@]}" systemctl stop "$service" >/dev/null 2>&1 || true
  elif command -v service >/dev/null 2>&1; then
    "${as_root[@]}" service "$service" stop >/dev/null 2>&1 || true
  fi
done

mapfile -t missing < <(missing_packages)
if [ "${#missing[@]}" -gt 0 ]; then
  # Debian installs mosquitto in /usr/sbin, which is not on every user's PATH.
  echo "npm test needs ${missing[*]} on PATH (installed, but not found there; Debian puts mosquitto in /usr/sbin): run \`PATH=\$PATH:/usr/sbin npm test\`" >&2
  exit 1
fi
