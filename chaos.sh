#!/usr/bin/env bash
# The chaos suite: the packaged fleet as separate processes under load, one fault per scenario, each ending with its
# invariants printed as figures and asserted (docs/testing-and-benchmarks.md, "The chaos suite").
#   ./chaos.sh                          every scenario, 1,000 normal proxies (about 25 minutes on 2 cores)
#   ./chaos.sh <scenario>[,<scenario>]  kill, broker, database, replicas, partitions, hostile
# Further arguments go to Maven (e.g. -o); CHAOS_PROXIES sets the number of normal proxies.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
scenarios="${1:-all}"
shift || true
./mvnw -B -q install -DskipTests -pl system-tests -am "$@"
exec ./mvnw -B verify -pl system-tests -Dit.test=ChaosIT -Dchaos.scenarios="$scenarios" \
  -Dchaos.proxies="${CHAOS_PROXIES:-1000}" "$@"
