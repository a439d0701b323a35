# Shared settings and helpers for up.sh, down.sh and reset.sh (sourced, not run).
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
NEO4J_VERSION="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$HERE/pom.xml")"
PORT="${NEO4J_BOLT_PORT:-7687}"
PASSWORD="${NEO4J_PASSWORD:-synergy-dev}"
RUN="$HERE/run"          # the DBMS home: data/, logs/debug.log, plus our pid and log files
LIB="$HERE/lib"          # jars from Maven Central, fetched once
CLASSES="$HERE/target/classes"
PIDFILE="$RUN/neo4j.pid"
LOG="$RUN/neo4j.log"

# Print the pid of the server this script started, if it is still alive.
server_pid() {
  [[ -f "$PIDFILE" ]] || return 1
  local pid
  pid="$(cat "$PIDFILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null \
    && grep -q SynergyNeo4j "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null
}

# Exit status 0 when a Bolt query succeeds with the dev credentials, 2 on an auth failure,
# 1 otherwise. Uses the project's Python driver when available, else trusts the ready file.
bolt_answers() {
  local py=""
  if [[ -x "$ROOT/.venv/bin/python" ]]; then py="$ROOT/.venv/bin/python"; fi
  if [[ -n "$py" ]] && "$py" -c 'import neo4j' 2>/dev/null; then
    "$py" - "$PORT" "$PASSWORD" <<'PY'
import sys
import neo4j
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable
try:
    with neo4j.GraphDatabase.driver(
        f"bolt://127.0.0.1:{sys.argv[1]}", auth=("neo4j", sys.argv[2]),
        connection_timeout=3, connection_acquisition_timeout=5,
    ) as d, d.session(database="neo4j") as s:
        s.run("RETURN 1").consume()  # auto-commit: no retries, one quick answer
except AuthError:
    sys.exit(2)
except (ServiceUnavailable, Neo4jError, OSError):
    sys.exit(1)
PY
  else
    [[ -f "$RUN/ready" ]] && port_open
  fi
}
