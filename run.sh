#!/usr/bin/env bash
# Runs the whole suite locally: builds the launcher (first run, or after a source change), then starts
# an embedded PostgreSQL, the key registry, the connector and the issuer gateway. Arguments go to the
# launcher: --demo, --exit-after-demo, --jdbc-url URL, --random-ports, --data-dir DIR, --help.
set -euo pipefail
cd "$(dirname "$0")"
jar=$(ls launcher/target/launcher-*-exec.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find . -name '*.java' -newer "$jar" -not -path '*/target/*' -print -quit)" ] \
    || [ -n "$(find . -name '*.yaml' -newer "$jar" -path '*/src/main/*' -print -quit)" ]; then
  echo "[run] building the launcher (first time: a few minutes) ..."
  ./mvnw -B -q install -DskipTests -pl launcher -am
  jar=$(ls launcher/target/launcher-*-exec.jar | head -n 1)
fi
exec java -jar "$jar" "$@"
