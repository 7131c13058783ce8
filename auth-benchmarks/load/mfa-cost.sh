#!/bin/bash
# The second factor's cost, in pairs: one runner, then one-step and two-step logins alternating, each a closed loop
# of 8 connections for 10 s from MfaLoginLoad. Prints per pair the logins/s, the runner's CPU per login (from
# /proc, so that a slow minute on a shared machine moves both figures of a pair alike) and the client's.
#
# Usage: auth-benchmarks/load/mfa-cost.sh [pairs, default 4]   (run it after mvn package: it builds nothing)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PAIRS=${1:-4}
BENCH="$ROOT/auth-benchmarks/target/benchmarks.jar"
RUNNER="$ROOT/auth-runner/target/auth-runner.jar"
LAUNCHER="$ROOT/auth-runner/target/netauth/bin/netauth"
WORK=$(mktemp -d)
AUTH_SECRETS_KEYS=$(java -jar "$RUNNER" keys generate-secrets-key)
export AUTH_SECRETS_KEYS
java -cp "$BENCH" io.netauth.bench.LoadFixtures users argon2id 200 "$WORK/users.csv"
java -jar "$RUNNER" users import "$WORK/users.csv" --data-dir "$WORK/data" >/dev/null
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$LAUNCHER" --port "$PORT" --host 127.0.0.1 --data-dir "$WORK/data" >"$WORK/runner.log" 2>&1 &
RUNNER_PID=$!
trap 'kill $RUNNER_PID; wait $RUNNER_PID 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 0.1; done
java -cp "$BENCH" io.netauth.bench.LoadFixtures mfa-users "$WORK/data" $((PAIRS * 1000)) "$WORK/mfa-users.txt"
# A client knows only the codes it used itself, and a code is accepted once: each run gets users of its own.
split -l 1000 -d -a 3 "$WORK/mfa-users.txt" "$WORK/mfa-slice-"
java -cp "$BENCH" io.netauth.bench.MfaLoginLoad 127.0.0.1 "$PORT" 10 8 plain 200 >/dev/null # warm-up

runner_ticks() { awk '{print $14 + $15}' "/proc/$RUNNER_PID/stat"; } # user + system, 1/100 s
one_run() { # plain | mfa SLICE -> "logins/s runner-ms-per-login client-ms-per-login failures"
  local what=(plain 200) before after TIMEFORMAT='%U %S'
  [ "$1" = mfa ] && what=(mfa "$WORK/mfa-slice-$2")
  before=$(runner_ticks)
  { time java -cp "$BENCH" io.netauth.bench.MfaLoginLoad 127.0.0.1 "$PORT" 10 8 "${what[@]}" >"$WORK/out"; } 2>"$WORK/time"
  after=$(runner_ticks)
  local line rps; line=$(grep '^RESULT' "$WORK/out")
  rps=$(sed -E 's/.* rps=([0-9.]+).*/\1/' <<<"$line")
  # The client's 3-second warm-up runs at the same rate and is on both clocks: 13 s of logins in all.
  awk -v t=$((after - before)) -v r="$rps" -v f="$(sed -E 's/.* non2xx=([0-9]+).*/\1/' <<<"$line")" \
    '{printf "%s %.1f %.1f %s\n", r, t * 10 / (r * 13), ($1 + $2) * 1000 / (r * 13), f}' "$WORK/time"
}
for i in $(seq 1 "$PAIRS"); do
  read -r p ps pc pf <<<"$(one_run plain)"
  read -r m ms mc mf <<<"$(one_run mfa "$(printf '%03d' $((i - 1)))")"
  awk -v i="$i" -v p="$p" -v m="$m" -v ps="$ps" -v ms="$ms" -v pc="$pc" -v mc="$mc" -v f=$((pf + mf)) 'BEGIN{
    printf "pair %d: one step %.1f/s, two steps %.1f/s (%.2f); runner CPU per login %.1f and %.1f ms (%.2f); client %.1f and %.1f ms; failures %d\n",
      i, p, m, m / p, ps, ms, ms / ps, pc, mc, f }'
done
