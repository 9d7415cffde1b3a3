#!/usr/bin/env bash
# Runs the whole suite locally: builds the launcher (first run, or after a source change), then starts
# an embedded PostgreSQL, the key registry, the connector and the issuer gateway. Arguments go to the
# launcher: --demo, --exit-after-demo, --verbose, --jdbc-url URL, --random-ports, --data-dir DIR, --help.
# `./run.sh connector-key --private-out FILE` creates a connector signing key pair instead.
# The build's output goes to stderr and the working directory stays the caller's, so that
# `./run.sh connector-key ... > public.jwk` captures only the public key, with paths as typed.
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
jar=$(ls "$root"/launcher/target/launcher-*-exec.jar 2>/dev/null | head -n 1 || true)
if [ -z "$jar" ] || [ -n "$(find "$root" -name '*.java' -newer "$jar" -not -path '*/target/*' -print -quit)" ] \
    || [ -n "$(find "$root" -name '*.yaml' -newer "$jar" -path '*/src/main/*' -print -quit)" ]; then
  echo "[run] building the launcher (first time: a few minutes) ..." >&2
  (cd "$root" && ./mvnw -B -q install -DskipTests -pl launcher -am) >&2
  jar=$(ls "$root"/launcher/target/launcher-*-exec.jar | head -n 1)
fi
exec java -jar "$jar" "$@"
