#!/usr/bin/env bash
# Stop the local Neo4j and wipe its data and logs (the cached jars in lib/ stay).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
bash "$HERE/down.sh"
rm -rf "$RUN"
echo "neo4j-reset: data wiped ($RUN); start afresh with 'make neo4j-up'"
