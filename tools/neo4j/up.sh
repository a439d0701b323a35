#!/usr/bin/env bash
# Start a local Neo4j Community server (Bolt on 127.0.0.1:$NEO4J_BOLT_PORT, default 7687,
# user neo4j, password $NEO4J_PASSWORD, default synergy-dev) and return once it answers.
# First run: Maven fetches the jars from Maven Central into lib/; later runs need no network.
# Idempotent: returns 0 at once when the server is already up. See README.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
HEAP="${NEO4J_HEAP:-2g}"

fail() { echo "neo4j-up: $*" >&2; exit 1; }

if pid="$(server_pid)"; then
  if bolt_answers; then
    echo "neo4j-up: already running (pid $pid), bolt://127.0.0.1:$PORT"
    exit 0
  fi
  echo "neo4j-up: server (pid $pid) is starting; waiting for it" >&2
else
  rm -f "$PIDFILE" "$RUN/ready"
  if port_open; then
    status=0; bolt_answers || status=$?
    if [[ $status -eq 0 ]]; then
      echo "neo4j-up: a Neo4j not started by this script already answers on bolt://127.0.0.1:$PORT with the dev credentials; using it"
      exit 0
    fi
    fail "port $PORT is taken by another process. Stop it, or pick another port: NEO4J_BOLT_PORT=7688 make neo4j-up (and NEO4J_URI=bolt://127.0.0.1:7688)."
  fi

  command -v java >/dev/null || fail "java not found: install Java 17 or 21 (Debian: apt-get install openjdk-17-jdk-headless)."
  java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.specification.version = //p')"
  [[ "${java_major%%.*}" -ge 17 ]] 2>/dev/null || fail "Java $java_major found; Neo4j $NEO4J_VERSION needs Java 17 or 21."

  if [[ ! -f "$LIB/.complete" ]]; then
    command -v mvn >/dev/null || fail "mvn not found: install Maven (Debian: apt-get install maven) to fetch Neo4j from Maven Central."
    echo "neo4j-up: fetching Neo4j $NEO4J_VERSION jars from Maven Central into $LIB (first run only)" >&2
    rm -rf "$LIB"
    mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$LIB" -DincludeScope=runtime >&2 \
      || fail "Maven could not fetch org.neo4j:neo4j:$NEO4J_VERSION (network? ~/.m2 settings?)."
    touch "$LIB/.complete"
  fi

  if [[ ! -f "$CLASSES/SynergyNeo4j.class" || "$HERE/SynergyNeo4j.java" -nt "$CLASSES/SynergyNeo4j.class" ]]; then
    mkdir -p "$CLASSES"
    javac -nowarn -cp "$LIB/*" -d "$CLASSES" "$HERE/SynergyNeo4j.java" \
      || fail "javac failed on $HERE/SynergyNeo4j.java"
  fi

  mkdir -p "$RUN"
  # setsid + nohup: the server outlives this script and the shell that ran it.
  setsid nohup java -Xms256m "-Xmx$HEAP" -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
    -Dfile.encoding=UTF-8 -cp "$CLASSES:$LIB/*" SynergyNeo4j "$RUN" "$PORT" "$PASSWORD" \
    >"$LOG" 2>&1 </dev/null &
  echo $! >"$PIDFILE"
  pid="$(cat "$PIDFILE")"
fi

start=$SECONDS
while true; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "neo4j-up: the server exited during start-up. Last lines of $LOG:" >&2
    tail -n 25 "$LOG" >&2 || true
    rm -f "$PIDFILE"
    fail "Neo4j did not start (see $LOG and $RUN/logs/debug.log; 'make neo4j-reset' wipes its data)."
  fi
  if [[ -f "$RUN/ready" ]]; then
    status=0; bolt_answers || status=$?
    [[ $status -eq 0 ]] && break
    [[ $status -eq 2 ]] && fail "the server refuses the password from NEO4J_PASSWORD; 'make neo4j-reset' recreates it with the current one."
  fi
  if (( SECONDS - start > TIMEOUT )); then
    fail "Neo4j did not answer within ${TIMEOUT}s (pid $pid still running; see $LOG). Stop it with 'make neo4j-down'."
  fi
  sleep 1
done
echo "neo4j-up: Neo4j $NEO4J_VERSION up in $((SECONDS - start))s (pid $pid): bolt://127.0.0.1:$PORT, user neo4j"
echo "neo4j-up: logs: $LOG and $RUN/logs/debug.log; stop with 'make neo4j-down'"
