#!/usr/bin/env bash
# Builds the benchmark (and the modules it runs) and runs it. Options go to the benchmark, e.g.
#   bench/run.sh                      # full size, every scenario (~11 minutes on 2 cores)
#   bench/run.sh --size=smoke         # every scenario with tiny sizes (~1 minute, half of it start-up)
#   bench/run.sh --scenarios=paging --paging-sizes=100000,1000000
# BENCH_SKIP_BUILD=1 reuses the jar of the last build; BENCH_JAVA_OPTS adds JVM options.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [[ "${BENCH_SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl bench -am install -DskipTests
fi
jar="$(ls bench/target/bench-*-exec.jar | head -n 1)"
# shellcheck disable=SC2086
exec java ${BENCH_JAVA_OPTS:-} -jar "$jar" "$@"
