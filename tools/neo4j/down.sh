#!/usr/bin/env bash
# Stop the local Neo4j started by up.sh (pid file in run/); a no-op when it is not running.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if ! pid="$(server_pid)"; then
  rm -f "$PIDFILE" "$RUN/ready"
  echo "neo4j-down: not running"
  exit 0
fi
kill -TERM "$pid"
# A clean shutdown checkpoints the store; give it time before forcing.
for _ in $(seq 1 60); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
  echo "neo4j-down: pid $pid ignored SIGTERM for 60s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$PIDFILE" "$RUN/ready"
echo "neo4j-down: stopped (pid $pid)"
