#!/usr/bin/env bash
# Benchmarks that print figures beside a baseline measured in the same run (not timed tests).
#   ./bench.sh import [lines]      100,000-line proxy import vs. single POSTs, until the last event is on Kafka
#   ./bench.sh assign [accounts]   100,000 account events until the last assignment event, latency at 1,000/s, vs. a stored function
#   ./bench.sh health [N ...]      probe 1,000 then 10,000 loopback proxies every 30 s: probes/s, CPU per 1,000 probes vs. HAProxy, detection time
#   ./bench.sh status [clients]    1,000 WebSocket clients at 100 changes/s: push latency, heap; /api/status on 10,000 changing proxies at 500/s vs. unchanging
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
case "${1:-}" in
  import) main=dev.proxyfleet.bench.ImportBenchmark ;;
  assign) main=dev.proxyfleet.bench.AssignmentBenchmark ;;
  health) main=dev.proxyfleet.bench.HealthBenchmark ;;
  status) main=dev.proxyfleet.bench.StatusBenchmark ;;
  *) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
shift
./mvnw -B -q install -DskipTests
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -cp "bench/target/bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*" "$main" "$@"
