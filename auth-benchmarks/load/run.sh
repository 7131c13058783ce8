#!/usr/bin/env bash
# The load benchmark. Builds the runner, starts it with default settings on a fresh database, creates users,
# drives it on 127.0.0.1 with wrk (closed loop) and OpenLoopLoad (constant rate), measures in the same run the
# ceilings each scenario is compared with (a bare-Netty server, one hash, one token verification), prints one
# line per scenario, draws latency against offered load, and stops everything it started.
#
# Usage: auth-benchmarks/load/run.sh [--postgres] [seconds per scenario, default 10]
#        auth-benchmarks/load/run.sh [--postgres] --soak MINUTES   the soak instead (see SoakRun): a steady mix,
#                         sampled every 10 s into docs/soak-<db>.csv and drawn into docs/soak-<db>.png
#   --postgres            use the local PostgreSQL (127.0.0.1:5432, user postgres; databases netauth_load*,
#                         dropped and made again) instead of H2 files in a temporary directory
#   SKIP_BUILD=1          reuse the jars already built
#   RUNNER_JAVA_OPTS=...  the runner's JVM flags instead of the launcher's measured defaults (bin/netauth's
#                         NETAUTH_JAVA_DEFAULT_OPTS); the fixtures' JVMs take them too
#   PLOT=file.png         where the latency plot goes (default docs/load-latency.png)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
export LOAD_DIR="$ROOT/auth-benchmarks/load"
POSTGRES=0
if [ "${1:-}" = --postgres ]; then POSTGRES=1; shift; fi
SOAK=0
if [ "${1:-}" = --soak ]; then SOAK=${2:?minutes}; shift 2; fi
SECONDS_EACH=${1:-10}
PLOT=${PLOT:-$ROOT/docs/load-latency.png}
export USERS=200
# The runner is started as users start it, by the distribution's launcher; the fixtures' JVMs get the same heap.
if [ -n "${RUNNER_JAVA_OPTS+set}" ]; then
  export NETAUTH_JAVA_DEFAULT_OPTS=$RUNNER_JAVA_OPTS
else
  RUNNER_JAVA_OPTS="-Xmx112m -Xmn24m -XX:+UseSerialGC"
fi

need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk
need gnuplot gnuplot-nox
[ "${SKIP_BUILD:-}" = 1 ] || mvn -B -q -DskipTests package
RUNNER=${RUNNER_JAR:-"$ROOT/auth-runner/target/auth-runner.jar"}
LAUNCHER=${LAUNCHER:-"$ROOT/auth-runner/target/netauth/bin/netauth"}
BENCH=${BENCH_JAR:-"$ROOT/auth-benchmarks/target/benchmarks.jar"}
WORK=$(mktemp -d)
# One key-encryption key for every runner process, command and fixture of this run (PostgreSQL needs one given).
AUTH_SECRETS_KEYS=$(java -jar "$RUNNER" keys generate-secrets-key)
export AUTH_SECRETS_KEYS
PIDS=()
cleanup() { for p in "${PIDS[@]:-}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
CORES=$(nproc)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }
field() { sed -E "s/.*[ ]$1=([0-9.]+).*/\1/" <<<"$2"; } # field name, line
result() { # name, ceiling rps (or empty), wrk output
  local line; line=$(grep '^RESULT' <<<"$3" | sed 's/^RESULT //')
  local r=""; [ -n "$2" ] && r=" ratio=$(ratio "$(field rps " $line")" "$2")"
  printf '%-40s %s%s\n' "$1" "$line" "$r"
}
# The constant-rate generator counts each latency from the moment a request was due, so a pause of its own
# collector shows as latency of every request due in it (a 52 ms G1 pause of its default heap once made a
# /health/ready p99). It gets a young generation that outlasts a run, and prints its own collections.
GENERATOR_OPTS="-XX:+UseSerialGC -Xms640m -Xmn512m"
open_loop() { # seconds, streams...: OpenLoopLoad's lines, indented
  # shellcheck disable=SC2086
  java $GENERATOR_OPTS -cp "$BENCH" io.netauth.bench.OpenLoopLoad 127.0.0.1 "$PORT" "$@" | sed 's/^/    /'
}

# The databases: the default runner's, and the one the bcrypt comparison runs on.
if [ "$POSTGRES" = 1 ]; then
  export DB_USER=postgres
  for db in netauth_load netauth_load_bcrypt; do
    PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres -d test \
      -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
  done
  DB_MAIN="jdbc:postgresql://127.0.0.1:5432/netauth_load"; DB_BCRYPT="${DB_MAIN}_bcrypt"
  db_flags() { echo "--db-url $1 --db-user postgres"; }
else
  DB_MAIN="$WORK/data"; DB_BCRYPT="$WORK/data-bcrypt"
  db_flags() { echo "--data-dir $1"; }
fi

soak_main() { # the soak: the runner with an admin, a steady mix for $SOAK minutes, a CSV and a plot
  local name; name=$([ "$POSTGRES" = 1 ] && echo postgres || echo h2)
  local csv="$ROOT/docs/soak-$name.csv" png="$ROOT/docs/soak-$name.png"
  # shellcheck disable=SC2046
  printf 'soak admin password\n' | java -jar "$RUNNER" users add soak-admin --roles admin --password-stdin \
    $(db_flags "$DB_MAIN") >/dev/null
  # Short lifetimes, so that within the soak sessions expire and the purge keeps the tables level.
  start_runner "$DB_MAIN" --admin-api true --token-ttl 2h --purge-interval 1m \
    --refresh-idle-lifetime 5m --refresh-absolute-lifetime 10m --throttle-store database \
    --throttle-account-free 1000000 --throttle-client-free 1000000 --throttle-account-max-delay 1m \
    --throttle-client-max-delay 1m --throttle-account-forget-after 5m --throttle-client-forget-after 5m
  local admin; admin=$(curl -s -X POST "http://127.0.0.1:$PORT/auth" -H 'Content-Type: application/json' \
    -d '{"username":"soak-admin","password":"soak admin password"}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
  java -cp "$BENCH" io.netauth.bench.LoadFixtures tokens "$DB_MAIN" 20000 "$WORK/tokens.txt"
  local url="$DB_MAIN"; [ "$POSTGRES" = 1 ] || url="jdbc:h2:file:$DB_MAIN/netauth;AUTO_SERVER=TRUE"
  local user=${DB_USER:-sa}
  if [ "$POSTGRES" != 1 ]; then DB_PASSWORD=$(cat "$DB_MAIN/h2.password"); export DB_PASSWORD; fi
  echo "soak on $name for $SOAK minutes: samples every 10 s in $csv"
  TOKENS="$WORK/tokens.txt" java -cp "$BENCH" io.netauth.bench.SoakRun 127.0.0.1 "$PORT" "$RUNNER_PID" "$url" \
    "$user" "$SOAK" "$csv" "$admin"
  echo "runner log lines at WARN or ERROR: $(grep -cE ' (WARN|ERROR) ' "$WORK/runner.log" || true); leak reports: $(grep -c 'LEAK:' "$WORK/runner.log" || true)"
  grep -E ' (WARN|ERROR) ' "$WORK/runner.log" | head -5 || true
  stop_runner
  gnuplot <<EOF
set terminal pngcairo size 1000,760 font "sans,9"
set output "$png"
set datafile separator ","
set multiplot layout 3,1 title "Soak on $name, $SOAK minutes, sampled every 10 s"
set xlabel "minutes"
set key outside right
set ylabel "MiB / count"
plot "$csv" using 1:2 with lines title "resident MiB", "" using 1:3 with lines title "heap after GC MiB", \\
     "" using 1:4 with lines title "threads", "" using 1:5 with lines title "open fds"
set ylabel "rows"
plot "$csv" using 1:7 with lines title "refresh families", "" using 1:8 with lines title "refresh tokens", \\
     "" using 1:10 with lines title "login counters"
set ylabel "p99 ms"
set logscale y
plot "$csv" using 1:11 with lines title "verify", "" using 1:12 with lines title "verify uncached", \\
     "" using 1:13 with lines title "login", "" using 1:15 with lines title "refresh", "" using 1:17 with lines title "admin"
unset multiplot
EOF
  echo "plot: $png"
}

echo "machine: $CORES cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), database $([ "$POSTGRES" = 1 ] && echo PostgreSQL || echo H2), runner JVM flags: ${NETAUTH_JAVA_DEFAULT_OPTS-the launcher defaults}"
# shellcheck disable=SC2086
HASH_MS=$(java ${RUNNER_JAVA_OPTS:-} -cp "$BENCH" io.netauth.bench.LoadFixtures hash-time argon2id 30)
HASH_CEILING=$(awk -v c="$CORES" -v h="$HASH_MS" 'BEGIN{printf "%.1f", c*1000/h}')
# shellcheck disable=SC2086
BCRYPT_MS=$(java ${RUNNER_JAVA_OPTS:-} -cp "$BENCH" io.netauth.bench.LoadFixtures hash-time bcrypt 20)
BCRYPT_CEILING=$(awk -v c="$CORES" -v h="$BCRYPT_MS" 'BEGIN{printf "%.1f", c*1000/h}')
echo "one verification on one thread: argon2id ${HASH_MS} ms, bcrypt-10 ${BCRYPT_MS} ms -> hash-bound ceilings ${HASH_CEILING} and ${BCRYPT_CEILING} logins/s"
# shellcheck disable=SC2086
HASH_ALL=$(java ${RUNNER_JAVA_OPTS:-} -cp "$BENCH" io.netauth.bench.LoadFixtures hash-rate argon2id "$CORES" 5)
echo "argon2id alone on all $CORES cores at once, no server: ${HASH_ALL} verifications/s ($(ratio "$HASH_ALL" "$HASH_CEILING") of the ceiling)"
java -cp "$BENCH" io.netauth.bench.LoadFixtures users argon2id "$USERS" "$WORK/users.csv"
java -cp "$BENCH" io.netauth.bench.LoadFixtures users bcrypt "$USERS" "$WORK/users-bcrypt.csv"
# shellcheck disable=SC2046
java -jar "$RUNNER" users import "$WORK/users.csv" $(db_flags "$DB_MAIN") >/dev/null
# shellcheck disable=SC2046
java -jar "$RUNNER" users import "$WORK/users-bcrypt.csv" $(db_flags "$DB_BCRYPT") >/dev/null

# The ceiling: bare Netty, same codec settings, a fixed answer.
CPORT=$(free_port)
java -cp "$BENCH" io.netauth.bench.CeilingServer "$CPORT" >"$WORK/ceiling.log" 2>&1 & PIDS+=($!)
wait_port "$CPORT"
wrk -t1 -c50 -d3s "http://127.0.0.1:$CPORT/" >/dev/null # warm-up
OUT=$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/plain.lua" -H "Authorization: Bearer x" "http://127.0.0.1:$CPORT/auth/verify")
CEILING=$(field rps " $(grep '^RESULT' <<<"$OUT")")
result "ceiling (bare Netty, 50 conns)" "" "$OUT"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true

start_runner() { # database, extra flags...: starts it, and reports launch to the first 200 of /health/ready
  local db=$1; shift
  PORT=$(free_port)
  MANAGEMENT_PORT=$(free_port); export MANAGEMENT_PORT # /metrics is on the management port only
  rm -f "$WORK/poller.ready" "$WORK/runner.pid"
  # One Python process polls every 5 ms. It is started, and has finished its own start, before the launch: a
  # poller starting beside the launch took CPU from the start it measures (0.4 s of CPU through pyenv's shim,
  # on a start that keeps both cores busy), and the figure came out 0.3 to 0.6 s too long.
  python3 - "$PORT" "$WORK/poller.ready" "$WORK/runner.pid" <<'EOF' &
import http.client, os, sys, time
port, ready, pid_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
open(ready, "w").close()
deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/health/ready")
        if c.getresponse().status == 200:
            sys.exit(0)
    except OSError:
        if os.path.exists(pid_file):
            os.kill(int(open(pid_file).read()), 0)  # the runner died: fail
    time.sleep(0.005)
sys.exit(1)
EOF
  local poller=$!
  while [ ! -e "$WORK/poller.ready" ]; do
    kill -0 "$poller" 2>/dev/null || { echo "the start poller did not start" >&2; exit 1; }
    sleep 0.01
  done
  local started; started=$(date +%s%N)
  # shellcheck disable=SC2046,SC2086
  "$LAUNCHER" --port "$PORT" --host 127.0.0.1 --management-port "$MANAGEMENT_PORT" $(db_flags "$db") "$@" \
    >"$WORK/runner.log" 2>&1 & PIDS+=($!)
  RUNNER_PID=$!
  echo "$RUNNER_PID" >"$WORK/runner.pid.part" && mv "$WORK/runner.pid.part" "$WORK/runner.pid" # whole, or absent
  wait "$poller" || { cat "$WORK/runner.log"; exit 1; }
  READY_MS=$(( ($(date +%s%N) - started) / 1000000 ))
}
stop_runner() { # reports what Netty's leak detector logged
  LEAKS=$(grep -c 'LEAK:' "$WORK/runner.log" || true)
  kill "$RUNNER_PID"; wait "$RUNNER_PID" 2>/dev/null || true
}
login_token() { # user number -> the login's JSON answer
  curl -s -X POST "http://127.0.0.1:$PORT/auth" -H 'Content-Type: application/json' \
    -d "{\"username\":\"user$1\",\"password\":\"password-$1\"}"
}

if [ "$SOAK" != 0 ]; then
  soak_main
  exit 0
fi

# Start: launch of bin/netauth to the first 200 of /health/ready, three times each, as the median and the spread.
TARBALL=${TARBALL:-$(ls "$ROOT"/auth-runner/target/netauth-*.tar.gz | head -1)}
starts() { # label, then how each run gets its database and its copy: fresh | restart, and
  # archive (the build's copy, with its archive) | copy (the tarball unpacked anew, with the archive it ships) |
  # none (the build's copy with no archive, as under a Java build other than the build's)
  local times=() i
  for i in 1 2 3; do
    local db="$WORK/start-$2-$3-$i" cds_dir launcher=$LAUNCHER
    [ "$2" = restart ] && db="$WORK/start-restart"
    cds_dir=$([ "$3" = none ] && echo "$WORK/cds-$2-$i" || echo "${NETAUTH_CDS_DIR:-}")
    if [ "$3" = copy ]; then
      rm -rf "$WORK/copy" && mkdir "$WORK/copy" && tar xzf "$TARBALL" -C "$WORK/copy"
      launcher=$(echo "$WORK"/copy/netauth-*/bin/netauth)
    fi
    if [ "$POSTGRES" = 1 ]; then
      if [ "$2" = fresh ] || [ "$i" = 1 ]; then
        PGOPTIONS='--client-min-messages=warning' psql -q -h 127.0.0.1 -U postgres -d test \
          -c "DROP DATABASE IF EXISTS netauth_start" -c "CREATE DATABASE netauth_start"
      fi
      db="jdbc:postgresql://127.0.0.1:5432/netauth_start"
    fi
    if [ "$2" = restart ] && [ "$i" = 1 ]; then start_runner "$db"; stop_runner; fi # the database, once
    NETAUTH_CDS_DIR=$cds_dir LAUNCHER=$launcher start_runner "$db"
    times+=("$READY_MS")
    local logged; logged=$(grep -o 'ready in [0-9]* ms' "$WORK/runner.log")
    stop_runner
  done
  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
  echo "start to ready ($1): median $(echo "$sorted" | awk '{print $2}') ms from launch, runs ${sorted% } (last log: $logged)"
}
starts "very first start: the tarball unpacked anew, no database" fresh copy
starts "very first start: no database, no class-data archive (another Java build)" fresh none
starts "restart" restart archive

start_runner "$DB_MAIN"
echo "start to ready (first start: schema current, signing key made): ${READY_MS} ms from launch ($(grep -o 'ready in [0-9]* ms' "$WORK/runner.log") by the server's own clock)"
TOKEN=$(login_token 1 | sed -E 's/.*"token":"([^"]+)".*/\1/')
export TOKEN
wrk -t1 -c50 -d3s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/auth/verify" >/dev/null # warm-up
OUT=$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/plain.lua" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/auth/verify")
VERIFY_CACHED_RPS=$(field rps " $(grep '^RESULT' <<<"$OUT")")
result "verify, one cached token, 50 conns" "$CEILING" "$OUT"
wrk -t1 -c8 -d3s -s "$LOAD_DIR/login.lua" "http://127.0.0.1:$PORT" >/dev/null # warm-up
result "login, correct passwords, 8 conns" "$HASH_CEILING" \
  "$(wrk -t1 -c8 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/login.lua" "http://127.0.0.1:$PORT")"
# Login with a second factor: one closed-loop Java client signs in with the password alone, then with the password
# and a TOTP code (two requests, a code accepted once per user and step), so that the ratio is the second step's cost.
java -cp "$BENCH" io.netauth.bench.LoadFixtures mfa-users "$DB_MAIN" 1000 "$WORK/mfa-users.txt"
OUT=$(java -cp "$BENCH" io.netauth.bench.MfaLoginLoad 127.0.0.1 "$PORT" "$SECONDS_EACH" 8 plain "$USERS")
PLAIN_LOGIN_RPS=$(field rps " $(grep '^RESULT' <<<"$OUT")")
result "login, one step (Java client), 8 conns" "$HASH_CEILING" "$OUT"
result "login with TOTP, two steps, 8 conns" "$PLAIN_LOGIN_RPS" \
  "$(java -cp "$BENCH" io.netauth.bench.MfaLoginLoad 127.0.0.1 "$PORT" "$SECONDS_EACH" 8 mfa "$WORK/mfa-users.txt")"

# Browsers: the sign-in form (one hash per request, as POST /auth) and /auth/verify with a session cookie (a memory
# lookup per request, as a cached Bearer token).
PRESESSION_PAGE=$(curl -s -D - "http://127.0.0.1:$PORT/login")
PRESESSION=$(sed -nE 's/^[Ss]et-[Cc]ookie: netauth_presession=([^;]+);.*/\1/p' <<<"$PRESESSION_PAGE" | tr -d '\r')
CSRF=$(sed -nE 's/.*name="csrf" value="([^"]+)".*/\1/p' <<<"$PRESESSION_PAGE" | head -1)
export PRESESSION CSRF
wrk -t1 -c8 -d3s -s "$LOAD_DIR/form-login.lua" "http://127.0.0.1:$PORT" >/dev/null # warm-up
result "form sign-in (POST /login), 8 conns" "$HASH_CEILING" \
  "$(wrk -t1 -c8 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/form-login.lua" "http://127.0.0.1:$PORT")"
SESSION=$(curl -s -o /dev/null -D - -H "Cookie: netauth_presession=$PRESESSION" \
  --data-urlencode username=user1 --data-urlencode password=password-1 --data-urlencode "csrf=$CSRF" \
  "http://127.0.0.1:$PORT/login" | sed -nE 's/^[Ss]et-[Cc]ookie: netauth_session=([^;]+);.*/\1/p' | tr -d '\r')
wrk -t1 -c50 -d3s -H "Cookie: netauth_session=$SESSION" "http://127.0.0.1:$PORT/auth/verify" >/dev/null # warm-up
result "verify, one session cookie, 50 conns" "$CEILING" \
  "$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/plain.lua" -H "Cookie: netauth_session=$SESSION" \
  "http://127.0.0.1:$PORT/auth/verify")"

# Refresh: 64 logged-in sessions, 16 connections spending and renewing their tokens.
seq 1 64 | xargs -P 4 -I{} sh -c "curl -s -X POST http://127.0.0.1:$PORT/auth -H 'Content-Type: application/json' -d '{\"username\":\"user{}\",\"password\":\"password-{}\"}'; echo" \
  | sed -nE 's/.*"refresh_token":"([^"]+)".*/\1/p' >"$WORK/refresh.txt"
export REFRESH_TOKENS="$WORK/refresh.txt"
OUT=$(wrk -t1 -c16 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/refresh.lua" "http://127.0.0.1:$PORT")
REFRESH_RPS=$(field rps " $(grep '^RESULT' <<<"$OUT")")
result "refresh, 16 conns" "" "$OUT"

OVERLOAD=$(awk -v c="$HASH_CEILING" 'BEGIN{printf "%.0f", 4*c}')

# OAuth: client-credentials grants against their own ceiling, one RS256 signature per grant.
# shellcheck disable=SC2086
SIGN_MS=$(java ${RUNNER_JAVA_OPTS:-} -cp "$BENCH" io.netauth.bench.LoadFixtures sign-time 2000)
SIGN_CEILING=$(awk -v c="$CORES" -v t="$SIGN_MS" 'BEGIN{printf "%.0f", c*1000/t}')
echo "one RS256 client token signed on one thread: ${SIGN_MS} ms -> signature-bound ceiling ${SIGN_CEILING} grants/s"
client_basic() { # name, clients add options... -> the client's "Basic ..." credentials
  local out id secret
  # shellcheck disable=SC2046
  out=$(java -jar "$RUNNER" clients add "$@" $(db_flags "$DB_MAIN") 2>/dev/null)
  id=$(sed -nE 's/^client_id: (.*)/\1/p' <<<"$out"); secret=$(sed -nE 's/^client_secret: (.*)/\1/p' <<<"$out")
  echo "Basic $(printf '%s:%s' "$id" "$secret" | base64 -w0)"
}
BASIC=$(client_basic bench-service --scopes read)
export BASIC
# A longer warm-up than the other scenarios': C2 takes about 15 s to compile the RSA signing path.
wrk -t1 -c16 -d15s -s "$LOAD_DIR/client-credentials.lua" "http://127.0.0.1:$PORT" >/dev/null
OUT=$(wrk -t1 -c16 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/client-credentials.lua" "http://127.0.0.1:$PORT")
CC_RPS=$(field rps " $(grep '^RESULT' <<<"$OUT")")
result "client-credentials grants, 16 conns" "$SIGN_CEILING" "$OUT"
# OpenID Connect: the whole code flow of a browser with a session (authorize -> code -> token), in flows per second,
# against the ceiling of its two RS256 signatures (the access token and the ID token).
# shellcheck disable=SC2046
RP_OUT=$(java -jar "$RUNNER" clients add bench-rp --redirect-uri http://127.0.0.1/cb --trusted $(db_flags "$DB_MAIN") 2>/dev/null)
RP_ID=$(sed -nE 's/^client_id: (.*)/\1/p' <<<"$RP_OUT"); RP_SECRET=$(sed -nE 's/^client_secret: (.*)/\1/p' <<<"$RP_OUT")
CODE_CEILING=$((SIGN_CEILING / 2))
read -r VERIFIER CHALLENGE <<<"$(java -cp "$BENCH" io.netauth.bench.LoadFixtures pkce)"
BASIC_RP="Basic $(printf '%s:%s' "$RP_ID" "$RP_SECRET" | base64 -w0)"
export VERIFIER CHALLENGE BASIC_RP CLIENT_ID="$RP_ID" REDIRECT="http%3A%2F%2F127.0.0.1%2Fcb" SESSION
wrk -t8 -c8 -d5s -s "$LOAD_DIR/code-flow.lua" "http://127.0.0.1:$PORT" >/dev/null # warm-up
result "OpenID Connect code flows (authorize + token), 8 conns" "$CODE_CEILING" \
  "$(wrk -t8 -c8 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/code-flow.lua" "http://127.0.0.1:$PORT")"
echo "client-credentials grants beside a login flood at 4x the hash ceiling (${OVERLOAD}/s offered, constant rate):"
open_loop "$SECONDS_EACH" "login@$OVERLOAD" >"$WORK/flood.txt" & FLOOD=$!
sleep 1
OUT=$(wrk -t1 -c16 -d"$((SECONDS_EACH - 2))s" -s "$LOAD_DIR/client-credentials.lua" "http://127.0.0.1:$PORT")
wait "$FLOOD"
result "  grants during the flood" "$CC_RPS" "$OUT"
cat "$WORK/flood.txt"
CC_TOKEN=$(curl -s -X POST -H "Authorization: $BASIC" -d grant_type=client_credentials \
  "http://127.0.0.1:$PORT/oauth2/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
GATEWAY=$(client_basic bench-gateway --introspect)
BASIC="$GATEWAY" TOKEN="$CC_TOKEN" wrk -t1 -c50 -d10s -s "$LOAD_DIR/introspect.lua" "http://127.0.0.1:$PORT" >/dev/null
OUT=$(BASIC="$GATEWAY" TOKEN="$CC_TOKEN" wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/introspect.lua" \
  "http://127.0.0.1:$PORT")
result "introspection, one cached token, 50 conns" "$CEILING" "$OUT"
# The revocation list's cost: cached verification just before and just after 10,000 revoked tokens, recorded
# by another process, reach this one through the change feed.
OUT=$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/plain.lua" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/auth/verify")
VERIFY_CACHED_RPS=$(field rps " $(grep '^RESULT' <<<"$OUT")")
result "verify, cached, no token revoked" "$CEILING" "$OUT"
java -cp "$BENCH" io.netauth.bench.LoadFixtures revocations "$DB_MAIN" 10000
# Measured after the feed's 30-s look-back has passed: until then every poll reads the new rows again, which is
# the feed's cost, not the check's.
sleep 40
OUT=$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/plain.lua" -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/auth/verify")
result "verify, cached, 10000 tokens revoked" "$VERIFY_CACHED_RPS" "$OUT"

echo "login at 4x overload (${OVERLOAD}/s offered, constant rate) beside /health/ready at 50/s:"
OUT=$(open_loop "$SECONDS_EACH" "login@$OVERLOAD" health@50)
echo "$OUT"
ACCEPTED=$(field rps " $(grep 'OPEN login 200' <<<"$OUT")")
echo "    (an accepted login waits for the $((17 * CORES)) slots ahead of it, the queue of 16 per hashing thread and the threads: $((17 * CORES)) / ${ACCEPTED} per s = $(awk -v a="$ACCEPTED" -v c="$CORES" 'BEGIN{printf "%.0f", 17*c/a*1000}') ms)"
LOGIN_RATE=$(awk -v c="$HASH_CEILING" 'BEGIN{printf "%.0f", 0.75*c}')
VERIFY_RATE=$((LOGIN_RATE * 19))
echo "mixed 95/5 at constant rate: verify ${VERIFY_RATE}/s + login ${LOGIN_RATE}/s (0.75 of the hash-bound ceiling):"
open_loop "$SECONDS_EACH" "verify@$VERIFY_RATE" "login@$LOGIN_RATE"

# Latency against offered load, logins: the curve the plot draws.
echo "login latency against offered load (5 s each, constant rate):"
: >"$WORK/curve.dat"
for f in 0.25 0.5 0.75 0.9 1.0 1.25 1.5 2 4; do
  rate=$(awk -v c="$HASH_CEILING" -v f="$f" 'BEGIN{printf "%.0f", f*c}')
  # shellcheck disable=SC2086
  out=$(java $GENERATOR_OPTS -cp "$BENCH" io.netauth.bench.OpenLoopLoad 127.0.0.1 "$PORT" 5 "login@$rate")
  ok=$(grep 'OPEN login 200' <<<"$out" || echo "OPEN login 200 count=0 rps=0 p50=0 p99=0")
  refused=$(grep 'OPEN login 503' <<<"$out" || echo "OPEN login 503 count=0 rps=0 p50=0 p99=0")
  printf '%s %s %s %s %s %s\n' "$rate" "$(field rps " $ok")" "$(field p50 " $ok")" "$(field p99 " $ok")" \
    "$(field rps " $refused")" "$(field p99 " $refused")" >>"$WORK/curve.dat"
  # shellcheck disable=SC2046,SC2183 # the line's six fields, split into printf's arguments on purpose
  printf '    offered %4s/s: 200 %s/s p50=%s p99=%s ms | 503 %s/s p99=%s ms\n' $(tail -1 "$WORK/curve.dat")
done
gnuplot <<EOF
set terminal pngcairo size 900,520 font "sans,10"
set output "$PLOT"
set title "POST /auth at constant offered rates ($CORES cores, argon2id m=19456 t=2; hash-bound ceiling ${HASH_CEILING}/s)"
set xlabel "offered logins per second"
set ylabel "latency, ms (log scale)"
set logscale y
set y2label "answered per second"
set y2tics
set ytics nomirror
set key top left
set grid
plot "$WORK/curve.dat" using 1:3 with linespoints title "200 p50", \
     "" using 1:4 with linespoints title "200 p99", \
     "" using 1:6 with linespoints title "503 p99", \
     "" using 1:2 axes x1y2 with linespoints dashtype 2 lc rgb "#1f5fbf" title "200 per second", \
     "" using 1:5 axes x1y2 with linespoints dashtype 3 lc rgb "#b22222" title "503 per second"
EOF
echo "plot: $PLOT"
RSS=$(ps -o rss= -p "$RUNNER_PID")
java -cp "$BENCH" io.netauth.bench.LoadFixtures tokens "$DB_MAIN" 10000 "$WORK/tokens.txt"
stop_runner
echo "runner resident memory after all of the above: $((RSS / 1024)) MiB; leak reports in its log: $LEAKS"

VERIFY_US=$(java -cp "$BENCH" io.netauth.bench.LoadFixtures verify-time "$DB_MAIN" "$WORK/tokens.txt")
VERIFY_CEILING=$(awk -v c="$CORES" -v t="$VERIFY_US" 'BEGIN{printf "%.0f", c*1e6/t}')
start_runner "$DB_MAIN" --verify-cache-size 0
echo "start to ready (restart): ${READY_MS} ms from launch"
echo "one uncached verification on one thread: ${VERIFY_US} us -> signature-bound ceiling ${VERIFY_CEILING}/s"
export TOKENS="$WORK/tokens.txt"
wrk -t1 -c50 -d3s -s "$LOAD_DIR/verify-many.lua" "http://127.0.0.1:$PORT" >/dev/null # warm-up
OUT=$(wrk -t1 -c50 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/verify-many.lua" "http://127.0.0.1:$PORT")
result "verify, 10000 tokens, no cache" "$VERIFY_CEILING" "$OUT"
# The same cores also carry HTTP and wrk: a request costs at best one signature plus one ceiling request.
VERIFY_BOUND=$(awk -v v="$VERIFY_CEILING" -v c="$CEILING" 'BEGIN{printf "%.0f", 1/(1/v+1/c)}')
echo "    (signature + bare-HTTP bound 1/(1/${VERIFY_CEILING} + 1/${CEILING}) = ${VERIFY_BOUND}/s: ratio $(ratio "$(field rps " $(grep '^RESULT' <<<"$OUT")")" "$VERIFY_BOUND"))"
stop_runner

# What durability costs: the same refresh load with the acknowledged-write guarantee weakened, in this run. On H2,
# its default half-second write delay (a killed process loses the last commits); on PostgreSQL,
# synchronous_commit=off (a power cut loses the last commits; a killed server process does not).
if [ "$POSTGRES" = 1 ]; then
  WEAK_URL="$DB_MAIN?options=-c%20synchronous_commit%3Doff"; WEAK_WHAT="synchronous_commit=off"
else
  WEAK_URL="jdbc:h2:file:$DB_MAIN/netauth;AUTO_SERVER=TRUE"; WEAK_WHAT="H2 write delay 500 ms"
fi
weak_password=""; [ "$POSTGRES" = 1 ] || weak_password=$(cat "$DB_MAIN/h2.password")
AUTH_DB_PASSWORD=$weak_password start_runner "$DB_MAIN" --db-url "$WEAK_URL" --db-user "${DB_USER:-sa}"
seq 1 64 | xargs -P 4 -I{} sh -c "curl -s -X POST http://127.0.0.1:$PORT/auth -H 'Content-Type: application/json' -d '{\"username\":\"user{}\",\"password\":\"password-{}\"}'; echo" \
  | sed -nE 's/.*"refresh_token":"([^"]+)".*/\1/p' >"$WORK/refresh.txt"
OUT=$(wrk -t1 -c16 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/refresh.lua" "http://127.0.0.1:$PORT")
result "refresh, 16 conns, $WEAK_WHAT" "" "$OUT"
echo "    (durable refreshes cost: ${REFRESH_RPS}/s against $(field rps " $(grep '^RESULT' <<<"$OUT")")/s without the guarantee: ratio $(ratio "$REFRESH_RPS" "$(field rps " $(grep '^RESULT' <<<"$OUT")")"))"
stop_runner

start_runner "$DB_BCRYPT" --password-hash bcrypt --bcrypt-cost 10
wrk -t1 -c8 -d3s -s "$LOAD_DIR/login.lua" "http://127.0.0.1:$PORT" >/dev/null # warm-up
result "login, bcrypt cost 10, 8 conns" "$BCRYPT_CEILING" \
  "$(wrk -t1 -c8 -d"${SECONDS_EACH}s" -s "$LOAD_DIR/login.lua" "http://127.0.0.1:$PORT")"
stop_runner
