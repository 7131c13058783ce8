#!/bin/sh
# Unpacks the distribution in the build directory and makes its class-data archive there: the launcher runs a
# first start of the server on a throwaway database, which answers its first requests (TrainingRequests.java)
# and is stopped; the JVM writes the classes it loaded as it exits. Then the tarball is packed again with the
# archive in cds/. The launcher names the jar /proc/self/fd/9 in every copy, so the archive serves every copy
# unpacked from this tarball (tar keeps the jar's time) under the Java build that made it; under another Java a
# copy makes its own at its first run.
# The training server runs interpreted (-Xint). In Java 17 (JDK-8306460, fixed in 21), a method that waits in
# the JIT's queue as the archive is written keeps its queued mark in the archive, and no JVM that maps the
# archive ever compiles it: a training run that stopped while H2 wrote its pages left H2's row serializer
# interpreted in every copy, and a million-line import a quarter slower. A run with no JIT queues nothing and
# loads the same classes; it costs the build about 20 s.
# Usage: train-cds.sh <netauth-VERSION.tar.gz> <directory to unpack into>; the result is <directory>/netauth.
set -eu
tarball=$1
into=$2
name=$(basename "$tarball" .tar.gz)
home=$into/netauth
rm -rf "${into:?}/netauth" "${into:?}/$name"
tar xzf "$tarball" -C "$into"
mv "$into/$name" "$home"
training=$(mktemp -d)
trap 'rm -rf "$training"' EXIT
AUTH_PORT=0 AUTH_DATA_DIR=$training/data NETAUTH_JAVA_OPTS=-Xint "$home/bin/netauth" >"$training/out.log" 2>&1 &
pid=$!
waited=0
until grep -q 'netauth ready in' "$training/out.log"; do
  if ! kill -0 "$pid" 2>/dev/null || [ "$waited" -ge 3000 ]; then
    cat "$training/out.log" >&2
    echo "train-cds: the server did not start" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
  fi
  sleep 0.1
  waited=$((waited + 1))
done
port=$(sed -n 's/.*netauth ready in .* listening on [^ ]*:\([0-9]*\) .*/\1/p' "$training/out.log")
"$JAVA_HOME/bin/java" "$(dirname "$0")/TrainingRequests.java" "$port" >"$training/requests.log" 2>&1 \
  || { cat "$training/requests.log" >&2; kill "$pid"; exit 1; }
kill -TERM "$pid"
wait "$pid" || true
"$home/bin/netauth" --version >/dev/null # the next launch checks the archive the run wrote and takes it
ls "$home"/cds/*.jsa >/dev/null
mv "$home" "$into/$name"
tar czf "$tarball.part" -C "$into" "$name"
mv "$into/$name" "$home"
mv -f "$tarball.part" "$tarball"
