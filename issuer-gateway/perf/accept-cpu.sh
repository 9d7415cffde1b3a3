#!/usr/bin/env bash
# CPU per accepted credential of the gateway's REST accept path and a JFR profile of it
# (docs/PERFORMANCE.md, "REST accept path"). Real PostgreSQL from the machine's initdb/pg_ctl; the
# delivery worker is off (DELIVERY=true turns it on), so the figures are the accept path only; a
# keep-alive load client (accept-load.py) runs in its own process. Prints the gateway's CPU per
# request (process, and by thread group: request threads, JIT, GC, other) and leaves
# target/accept-cpu/<label>/accept.jfr (jfr print --json --stack-depth 400 --events jdk.ExecutionSample).
# Usage: issuer-gateway/perf/accept-cpu.sh <label>
#   env: JAR (default: the built exec jar), COUNT 3000, WARMUP 3000, CLIENTS 8, PER_REQUEST 1 (>1 =
#   POST /credentials/batch with that many), SIZE 2048 (document bytes), JFR 1, JAVA_OPTS
set -euo pipefail
label="$1"; perf="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"; root="$(cd "$perf/../.." && pwd)"; cd "$root"
COUNT="${COUNT:-3000}"; WARMUP="${WARMUP:-3000}"; CLIENTS="${CLIENTS:-8}"; PER_REQUEST="${PER_REQUEST:-1}"; SIZE="${SIZE:-2048}"
jar="${JAR:-$(ls issuer-gateway/target/issuer-gateway-*-exec.jar | head -n 1)}"
out="$root/issuer-gateway/target/accept-cpu/$label"; rm -rf "$out"; mkdir -p "$out"
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
SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$pg_port/gateway" SPRING_DATASOURCE_USERNAME=postgres \
  GATEWAY_CRYPTO_KEYENCRYPTIONKEY="$(head -c 32 /dev/urandom | base64)" GATEWAY_BOOTSTRAP_APIKEY="$bootstrap" \
  SERVER_PORT="$http_port" MANAGEMENT_SERVER_PORT="$mgmt_port" \
  SPRING_GRPC_CLIENT_CHANNEL_CONNECTOR_TARGET="static://127.0.0.1:9" \
  SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET="static://127.0.0.1:9" \
  GATEWAY_RATELIMIT_ENABLED=false GATEWAY_DELIVERY_ENABLED=${DELIVERY:-false} \
  java -Xmx512m ${JAVA_OPTS:-} -jar "$jar" >"$out/gateway.log" 2>&1 &
gateway_pid=$!
until curl -fs "http://127.0.0.1:$mgmt_port/actuator/health/readiness" >/dev/null 2>&1; do
  kill -0 "$gateway_pid" 2>/dev/null || { cat "$out/gateway.log"; exit 1; }
  sleep 0.5
done
api="http://127.0.0.1:$http_port/api/v1"
tenant_json="$(curl -fs -H "X-Api-Key: $bootstrap" -H 'Content-Type: application/json' -d '{"name":"Measure Co"}' "$api/admin/tenants")"
read -r tenant_id api_key < <(python3 -c 'import json,sys; t=json.load(sys.stdin); print(t["tenant"]["id"], t["apiKey"])' <<<"$tenant_json")
connection_id="$(python3 -c 'import uuid; print(uuid.uuid4())')"
psql -h 127.0.0.1 -p "$pg_port" -U postgres -d gateway -q -v ON_ERROR_STOP=1 <<SQL
INSERT INTO issuer_gateway.invitations (id, tenant_id, connector_connection_id, token, expires_at, created_at)
  VALUES ('$connection_id', '$tenant_id', 'measure', 'measure', now() + interval '1 day', now());
INSERT INTO issuer_gateway.connections (id, tenant_id, connector_connection_id, state, created_at, updated_at)
  VALUES ('$connection_id', '$tenant_id', 'measure', 'INVITED', now(), now());
SQL
load() { python3 "$perf/accept-load.py" 127.0.0.1 "$http_port" "$api_key" "$connection_id" "$1" "$CLIENTS" "$PER_REQUEST" "$SIZE"; }
cpu() { awk '{print $14+$15}' "/proc/$gateway_pid/stat"; }
threads() { for f in /proc/$gateway_pid/task/*/stat; do sed -E 's/^[0-9]+ \((.*)\) [A-Z] (.*)$/\1|\2/' "$f" 2>/dev/null | awk -F'|' '{split($2,a," "); n=$1; g="other"; if (n ~ /^http-nio/) g="request"; else if (n ~ /^(G1|GC Thread)/) g="gc"; else if (n ~ /Compiler/) g="jit"; print g, a[11]+a[12]}'; done | awk '{s[$1]+=$2} END {for (k in s) print k, s[k]}' | sort; }
hz=$(getconf CLK_TCK)
echo "warm-up: $(load "$WARMUP")"
c0=$(cpu); sleep 5; c1=$(cpu); idle_ms_per_s=$(( (c1 - c0) * 1000 / hz / 5 ))
[[ "${JFR:-1}" == "1" ]] && jcmd "$gateway_pid" JFR.start name=accept settings=profile >/dev/null
threads > "$out/threads0"; t0=$(date +%s%N); c0=$(cpu)
echo "measured: $(load "$COUNT")"
c1=$(cpu); t1=$(date +%s%N); threads > "$out/threads1"
[[ "${JFR:-1}" == "1" ]] && jcmd "$gateway_pid" JFR.stop name=accept filename="$out/accept.jfr" >/dev/null
wall_ms=$(( (t1 - t0) / 1000000 )); cpu_ms=$(( (c1 - c0) * 1000 / hz ))
python3 - "$cpu_ms" "$wall_ms" "$idle_ms_per_s" "$COUNT" "$PER_REQUEST" <<'PY' | tee "$out/summary.txt"
import sys
cpu, wall, idle, count, per = map(int, sys.argv[1:])
net = cpu - idle * wall / 1000
print(f"gateway CPU {cpu} ms over {wall} ms (idle {idle} ms/s); net {net/count:.3f} ms CPU/request, {net/(count*per):.3f} ms CPU/credential; raw {cpu/count:.3f} ms/request")
PY
join "$out/threads0" "$out/threads1" | awk -v hz="$hz" -v n="$COUNT" '{printf "  %s: %.3f ms CPU/request\n", $1, ($3-$2)*1000/hz/n}' | tee -a "$out/summary.txt"
