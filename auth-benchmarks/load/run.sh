#!/usr/bin/env bash
# The load benchmark: builds the runner, starts it on a fresh H2 database, creates users, drives it with wrk on
# 127.0.0.1 next to a bare-Netty ceiling, prints one line per scenario, and stops everything it started.
# Usage: auth-benchmarks/load/run.sh [seconds per scenario, default 10]   (SKIP_BUILD=1 to reuse the jars;
#        RUNNER_JAVA_OPTS="-Xms128m -Xmx128m" to start the runner with other JVM flags)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export LOAD_DIR="$ROOT/auth-benchmarks/load"
SECONDS_EACH=${1:-10}
USERS=200
export USERS

command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -DskipTests package
RUNNER="$ROOT/auth-runner/target/auth-runner.jar"
BENCH="$ROOT/auth-benchmarks/target/benchmarks.jar"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; return 1; }
CORES=$(nproc)
result() { # name, ceiling rps (or empty), wrk output
  local line; line=$(grep '^RESULT' <<<"$3" | sed 's/^RESULT //')
  local rps; rps=$(sed -E 's/.*rps=([0-9]+).*/\1/' <<<"$line")
  local ratio=""; [ -n "$2" ] && ratio=$(awk -v a="$rps" -v b="$2" 'BEGIN{printf " ratio=%.2f", a/b}')
  printf '%-34s %s%s\n' "$1" "$line" "$ratio"
}

echo "machine: $CORES cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1)"
# shellcheck disable=SC2086
HASH_MS=$(java ${RUNNER_JAVA_OPTS:-} -cp "$BENCH" io.netauth.bench.LoadFixtures hash-time 30)
HASH_CEILING=$(awk -v c="$CORES" -v h="$HASH_MS" 'BEGIN{printf "%.1f", c*1000/h}')
echo "one argon2id verification, one thread: ${HASH_MS} ms -> hash-bound ceiling ${HASH_CEILING} logins/s"
java -cp "$BENCH" io.netauth.bench.LoadFixtures users x "$USERS" "$WORK/users.csv"
java -jar "$RUNNER" users import "$WORK/users.csv" --data-dir "$WORK/data" >/dev/null

# The ceiling: bare Netty, same codec settings, a fixed answer.
CPORT=$(free_port)
java -cp "$BENCH" io.netauth.bench.CeilingServer "$CPORT" >"$WORK/ceiling.log" 2>&1 & PIDS+=($!)
wait_port "$CPORT"
wrk -t1 -c50 -d3s "http://127.0.0.1:$CPORT/" >/dev/null # warm-up
OUT=$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/plain.lua" -H "Authorization: Bearer x" "http://127.0.0.1:$CPORT/auth/verify")
CEILING=$(grep '^RESULT' <<<"$OUT" | sed -E 's/.*rps=([0-9]+).*/\1/')
result "ceiling (bare Netty, 50 conns)" "" "$OUT"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

start_runner() { # extra flags...
  PORT=$(free_port)
  local started; started=$(date +%s%N)
  # shellcheck disable=SC2086
  java ${RUNNER_JAVA_OPTS:-} -jar "$RUNNER" --port "$PORT" --host 127.0.0.1 --data-dir "$WORK/data" "$@" >"$WORK/runner.log" 2>&1 & PIDS+=($!)
  RUNNER_PID=$!
  wait_port "$PORT"
  until grep -q 'netauth ready' "$WORK/runner.log"; do sleep 0.05; done
  echo "runner ready: $(grep -o 'ready in [0-9]* ms' "$WORK/runner.log") ($(( ($(date +%s%N) - started) / 1000000 )) ms from launch)"
}
stop_runner() { kill "$RUNNER_PID"; wait "$RUNNER_PID" 2>/dev/null || true; }

start_runner
TOKEN=$(curl -s -X POST "http://127.0.0.1:$PORT/auth" -H 'Content-Type: application/json' \
  -d '{"username":"user1","password":"password-1"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
wrk -t1 -c50 -d3s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/auth/verify" >/dev/null # warm-up
result "verify, one cached token, 50 conns" "$CEILING" \
  "$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/plain.lua" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/auth/verify")"
result "login, correct passwords, 8 conns" "" \
  "$(wrk -t1 -c8 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/login.lua" "http://127.0.0.1:$PORT")"
echo "  (hash-bound ceiling ${HASH_CEILING}/s)"
result "login, 4x overload, 128 conns" "" \
  "$(wrk -t1 -c128 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/login.lua" "http://127.0.0.1:$PORT")"
echo "  (non2xx here are the 503 overloaded answers)"
RSS=$(ps -o rss= -p "$RUNNER_PID")
echo "runner resident memory after these scenarios: $((RSS / 1024)) MiB"
java -cp "$BENCH" io.netauth.bench.LoadFixtures tokens "$WORK/data" 10000 "$WORK/tokens.txt"
stop_runner

start_runner --verify-cache-size 0
export TOKENS="$WORK/tokens.txt"
wrk -t1 -c50 -d3s -s "$LOAD_DIR/verify-many.lua" "http://127.0.0.1:$PORT" >/dev/null # warm-up
result "verify, 10000 tokens, no cache" "$CEILING" \
  "$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/verify-many.lua" "http://127.0.0.1:$PORT")"
stop_runner
