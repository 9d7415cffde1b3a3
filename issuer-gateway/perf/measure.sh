#!/usr/bin/env bash
# Measures the issuer gateway on its own, repeatably (docs/PERFORMANCE.md, "Issuer gateway memory
# and start-up"):
#   1. start-up: seconds from `java -jar` to /actuator/health/readiness UP, and Spring's own
#      "Started ... in" figure;
#   2. memory under load: COUNT credentials of about 60 KB from CLIENTS concurrent clients, then
#      the process's peak and current RSS (VmHWM, VmRSS) and the JVM's native memory summary (NMT).
# Real PostgreSQL: a throwaway cluster from the machine's initdb/pg_ctl. No connector is needed:
# the credentials go to a connection that waits for its handshake (inserted with SQL), so the
# figures are the REST path, validation, encryption at rest and the outbox.
# Usage: issuer-gateway/perf/measure.sh   (env: JAVA_OPTS, COUNT, CLIENTS, SIZE_KB, SKIP_BUILD=1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
JAVA_OPTS="${JAVA_OPTS:--Xmx320m -Xss512k -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+ExitOnOutOfMemoryError}"
COUNT="${COUNT:-2000}"; CLIENTS="${CLIENTS:-32}"; SIZE_KB="${SIZE_KB:-60}"
if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  ./mvnw -B -q -pl issuer-gateway -am package -DskipTests ${MAVEN_ARGS:-}
fi
jar="$(ls issuer-gateway/target/issuer-gateway-*-exec.jar | head -n 1)"
work="$(mktemp -d)"; chmod 777 "$work"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pg_port="$(free_port)"; http_port="$(free_port)"; mgmt_port="$(free_port)"
as_pg() { if [[ "$(id -u)" == "0" ]]; then runuser -u nobody -- "$@"; else "$@"; fi; }
gateway_pid=""
cleanup() {
  [[ -n "$gateway_pid" ]] && kill "$gateway_pid" 2>/dev/null && wait "$gateway_pid" 2>/dev/null || true
  as_pg pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
as_pg initdb -D "$work/pg" -U postgres --auth=trust >/dev/null
as_pg pg_ctl -D "$work/pg" -l "$work/pg.log" -o "-p $pg_port -k $work -c listen_addresses=127.0.0.1" -w start >/dev/null
psql -h 127.0.0.1 -p "$pg_port" -U postgres -qc "CREATE DATABASE gateway" >/dev/null

bootstrap="measure-bootstrap-key-0123456789abcdef"
start_ns=$(date +%s%N)
SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$pg_port/gateway" SPRING_DATASOURCE_USERNAME=postgres \
  GATEWAY_CRYPTO_KEYENCRYPTIONKEY="$(head -c 32 /dev/urandom | base64)" GATEWAY_BOOTSTRAP_APIKEY="$bootstrap" \
  SERVER_PORT="$http_port" MANAGEMENT_SERVER_PORT="$mgmt_port" \
  SPRING_GRPC_CLIENT_CHANNEL_CONNECTOR_TARGET="static://127.0.0.1:9" \
  SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET="static://127.0.0.1:9" \
  java $JAVA_OPTS -XX:NativeMemoryTracking=summary -jar "$jar" >"$work/gateway.log" 2>&1 &
gateway_pid=$!
until curl -fs "http://127.0.0.1:$mgmt_port/actuator/health/readiness" >/dev/null 2>&1; do
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$work/gateway.log"; exit 1; }
  sleep 0.2
done
ready_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
started="$(grep -o 'Started IssuerGatewayApplication in [0-9.]* seconds' "$work/gateway.log" || true)"
rss_idle="$(awk '/VmRSS/ {print $2}' "/proc/$gateway_pid/status")"

api="http://127.0.0.1:$http_port/api/v1"
tenant_json="$(curl -fs -H "X-Api-Key: $bootstrap" -H 'Content-Type: application/json' \
  -d '{"name":"Measure Co"}' "$api/admin/tenants")"
read -r tenant_id api_key < <(python3 -c 'import json,sys; t=json.load(sys.stdin); print(t["tenant"]["id"], t["apiKey"])' <<<"$tenant_json")
connection_id="$(python3 -c 'import uuid; print(uuid.uuid4())')"
psql -h 127.0.0.1 -p "$pg_port" -U postgres -d gateway -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO issuer_gateway.invitations (id, tenant_id, connector_connection_id, token, expires_at, created_at)
  VALUES ('$connection_id', '$tenant_id', 'measure', 'measure', now() + interval '1 day', now());
INSERT INTO issuer_gateway.connections (id, tenant_id, connector_connection_id, state, created_at, updated_at)
  VALUES ('$connection_id', '$tenant_id', 'measure', 'INVITED', now(), now());
SQL
python3 - "$work/body.json" "$connection_id" "$SIZE_KB" <<'PY'
import json, sys
path, connection, size_kb = sys.argv[1], sys.argv[2], int(sys.argv[3])
claims = {f"claim{i}": "x" * 90 for i in range(size_kb * 1024 // 100)}
credential = {"@context": ["https://www.w3.org/ns/credentials/v2"],
              "type": ["VerifiableCredential"], "credentialSubject": claims}
open(path, "w").write(json.dumps({"connectionId": connection, "credential": credential}))
PY
load_start=$(date +%s%N)
statuses="$(seq "$COUNT" | xargs -P "$CLIENTS" -I{} curl -s -o /dev/null -w '%{http_code}\n' \
  -H "X-Api-Key: $api_key" -H "Idempotency-Key: measure-{}" -H 'Content-Type: application/json' \
  --data-binary @"$work/body.json" "$api/credentials" | sort | uniq -c | tr '\n' ' ')"
load_ms=$(( ($(date +%s%N) - load_start) / 1000000 ))
hwm="$(awk '/VmHWM/ {print $2}' "/proc/$gateway_pid/status")"
rss="$(awk '/VmRSS/ {print $2}' "/proc/$gateway_pid/status")"
echo "jvm options:       $JAVA_OPTS"
echo "start-up:          ${ready_ms} ms to readiness UP ($started)"
echo "idle RSS:          $((rss_idle / 1024)) MiB"
echo "load:              $COUNT x ${SIZE_KB} KB credentials, $CLIENTS clients, ${load_ms} ms; statuses: $statuses"
echo "peak RSS (VmHWM):  $((hwm / 1024)) MiB; RSS after load: $((rss / 1024)) MiB"
echo "native memory (NMT, committed KB):"
jcmd "$gateway_pid" VM.native_memory summary | grep -E '^(Total|-  *(Java Heap|Class|Thread|Code|GC|Internal|Other|Symbol|Metaspace))' \
  | sed -E 's/\(reserved=[0-9]+KB, //; s/^/  /'
