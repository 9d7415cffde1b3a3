#!/usr/bin/env bash
# Runs the chart's rendered manifests with `podman kube play` against a real PostgreSQL (issue 21
# item 3): renders helm/credrelay with production-like values (docker/kube-play-values.yaml), plays
# its ConfigMaps and Deployments together with the Secrets an operator would create, checks what
# the chart promises of each pod (the rendered probes, uid 10001, read-only root filesystem, /tmp
# emptyDir, no capabilities, memory limit, the ConfigMap's environment), that the Flyway migrations
# ran once (also after a pod restart), and runs the demo flow of docker/build-and-run.sh through
# the pods (invitation -> wallet CLI accept -> handshake -> credential decrypted by the wallet CLI).
#
# Needs root, podman with runc, curl, jq, python3 with PyYAML (python3-yaml), a JDK 17, PostgreSQL's server binaries, the images of
# `docker/build-and-run.sh` (localhost/credrelay-*:dev) and the jars of `./mvnw -B package
# -DskipTests` (launcher, wallet CLI). Not part of `./mvnw verify`. See docker/README.md.
# What podman kube play does not do (probes, Services, NetworkPolicies): docs/decisions/0039-chart-operator-features.md.
set -euo pipefail
shopt -s inherit_errexit

cd "$(dirname "$0")/.."
VERSION="${VERSION:-0.1.0-SNAPSHOT}"
# Host ports = the chart's default ports + PORT_OFFSET (kube-play-values.yaml moves them so).
PORT_OFFSET=11000
PG_PORT="${PG_PORT:-55434}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
MAVEN_REPO="${MAVEN_REPO:-${HOME}/.m2/repository}"
RELEASE=cr
NAMESPACE=credrelay
PODMAN=(podman --runtime runc)
WORK="$(mktemp -d /tmp/credrelay-kube-play.XXXXXX)"
chmod 0755 "${WORK}"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
port() { echo $(($1 + PORT_OFFSET)); }
# shellcheck source=docker/demo-lib.sh
source docker/demo-lib.sh # start_postgres, make_secrets, run_demo

SERVICES=(key-registry connector issuer-gateway)
declare -A GRPC=([connector]=9092 [key-registry]=9091 [issuer-gateway]=)
declare -A MGMT=([connector]=8082 [key-registry]=8091 [issuer-gateway]=8090)
declare -A SCHEMA=([connector]=connector [key-registry]=key_registry [issuer-gateway]=issuer_gateway)

cleanup() {
  if [[ -f "${WORK}/play.yaml" ]]; then
    if [[ -n "${KEEP_LOGS:-}" ]]; then
      mkdir -p "${KEEP_LOGS}"
      cp "${WORK}"/*.yaml "${WORK}"/*.log "${KEEP_LOGS}/" 2>/dev/null || true
      for service in "${SERVICES[@]}"; do
        "${PODMAN[@]}" logs "$(container "${service}")" >"${KEEP_LOGS}/${service}.log" 2>&1 || true
      done
    fi
    "${PODMAN[@]}" kube down "${WORK}/play.yaml" >/dev/null 2>&1 || true
  fi
  for name in "${SECRETS[@]}"; do "${PODMAN[@]}" secret rm "${name}" >/dev/null 2>&1 || true; done
  if [[ -f "${WORK}/pg/postmaster.pid" ]]; then
    su postgres -s /bin/sh -c "'${PG_BIN}/pg_ctl' -D '${WORK}/pg' -m fast stop" >/dev/null || true
  fi
  rm -rf "${WORK}"
}
trap cleanup EXIT

# podman 4.3 names a Deployment's pod <deployment>-pod-0 and its container <pod>-<container>.
deployment() { echo "${RELEASE}-credrelay-$1"; }
pod() { echo "$(deployment "$1")-pod-0"; }
container() { echo "$(pod "$1")-$1"; }

preflight() {
  [[ "$(id -u)" == 0 ]] || { echo "kube-play.sh needs root (podman with runc, PostgreSQL as user postgres)" >&2; exit 1; }
  for service in "${SERVICES[@]}"; do
    "${PODMAN[@]}" image exists "localhost/credrelay-${service}:dev" \
      || { echo "image localhost/credrelay-${service}:dev missing: run docker/build-and-run.sh first" >&2; exit 1; }
  done
  for jar in "launcher/target/launcher-${VERSION}-exec.jar" "wallet/target/wallet-${VERSION}-cli.jar"; do
    [[ -f "${jar}" ]] || { echo "${jar} missing: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
  done
}

# One database user per service, as in ci/production-values.yaml; each may create its own schema.
make_database_users() {
  for service in "${SERVICES[@]}"; do
    local user="credrelay_${SCHEMA[${service}]}" password
    password="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
    printf '%s' "${password}" >"${WORK}/${service}.dbpassword"
    PGPASSWORD="${PG_PASSWORD}" "${PG_BIN}/psql" -q -h 127.0.0.1 -p "${PG_PORT}" -U credrelay -d credrelay \
      -c "CREATE ROLE ${user} LOGIN PASSWORD '${password}'" -c "GRANT CREATE ON DATABASE credrelay TO ${user}"
  done
}

# helm template with the helm-java library the chart's tests use (no helm binary needed).
render_chart() {
  {
    echo "database:"
    echo "  url: jdbc:postgresql://127.0.0.1:${PG_PORT}/credrelay"
    echo "keyRegistry:"
    echo "  connectors:"
    echo "    trustedKeys:"
    echo "      - '$(cat "${WORK}/connector-public-key.jwk")'"
  } >"${WORK}/local-values.yaml"
  ./mvnw -q -o -Dmaven.repo.local="${MAVEN_REPO}" -pl helm dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="${WORK}/classpath" >"${WORK}/maven.log" 2>&1 \
    || { tail -n 20 "${WORK}/maven.log" >&2; return 1; }
  java -cp "$(cat "${WORK}/classpath")" docker/RenderChart.java helm/credrelay "${RELEASE}" "${NAMESPACE}" \
    "${WORK}/rendered.yaml" docker/kube-play-values.yaml "${WORK}/local-values.yaml"
  log "rendered: $(grep -c '^kind:' "${WORK}/rendered.yaml") objects ($(grep '^kind:' "${WORK}/rendered.yaml" | sort | uniq -c | awk '{printf "%s %s, ", $1, $3}' | sed 's/, $//'))"
}

SECRETS=(credrelay-key-registry-db credrelay-connector-db credrelay-issuer-gateway-db credrelay-connector-keys credrelay-issuer-gateway-keys)

# An operator's Secret as podman 4.3 reads it for secretKeyRef: a podman secret holding a JSON
# object of base64 values (a `kind: Secret` document in the played YAML is stored in a form its own
# secretKeyRef lookup cannot read; see the decision record).
secret() { # NAME KEY=FILE...
  local name="$1" json="{}"
  shift
  for pair in "$@"; do
    json="$(jq -c --arg k "${pair%%=*}" --arg v "$(base64 -w0 <"${pair#*=}")" '. + {($k): $v}' <<<"${json}")"
  done
  "${PODMAN[@]}" secret rm "${name}" >/dev/null 2>&1 || true
  printf '%s' "${json}" | "${PODMAN[@]}" secret create "${name}" - >/dev/null
}

# The Secrets an operator creates (the chart only names them).
create_secrets() {
  for service in "${SERVICES[@]}"; do
    printf '%s' "credrelay_${SCHEMA[${service}]}" >"${WORK}/${service}.dbuser"
    secret "credrelay-${service}-db" "username=${WORK}/${service}.dbuser" "password=${WORK}/${service}.dbpassword"
  done
  secret credrelay-connector-keys "key-registry-signing-key=${WORK}/connector-signing-key.jwk"
  printf '%s' "${KEY_ENCRYPTION_KEY}" >"${WORK}/kek"
  printf '%s' "${BOOTSTRAP_API_KEY}" >"${WORK}/bootstrap"
  secret credrelay-issuer-gateway-keys "key-encryption-key=${WORK}/kek" "bootstrap-api-key=${WORK}/bootstrap"
}

# The rendered ConfigMaps and Deployments exactly as rendered. Services, NetworkPolicies, PDBs, the
# ServiceAccount and the ServiceMonitor have no podman equivalent and are left out (the chart's
# tests check them).
# One change: the containers' `ports` lists go. In Kubernetes they are informational; podman 4.3
# turns them into host port mappings, which it refuses on the host network ("PortMappings can only
# be used with Bridge or slirp4netns networking"). The services listen on the ports of their
# ConfigMaps either way.
compose_play() {
  awk 'function flush() { if (doc ~ /\nkind: (ConfigMap|Deployment)\n/) printf "---%s\n", doc; doc = "" }
       /^---/ { flush(); next }
       /^          ports:$/ { skip = 1; next }
       skip && /^          [a-zA-Z]/ { skip = 0 }
       !skip { doc = doc "\n" $0 } END { flush() }' "${WORK}/rendered.yaml"
}

play() {
  create_secrets
  compose_play >"${WORK}/play.yaml"
  chmod 0600 "${WORK}/play.yaml"
  # Container ulimits must not exceed the host's (podman's defaults fail with setrlimit errors).
  printf '[containers]\ndefault_ulimits = ["nofile=20000:20000", "nproc=1000:1000"]\n' >"${WORK}/containers.conf"
  CONTAINERS_CONF="${WORK}/containers.conf" "${PODMAN[@]}" kube play --network host "${WORK}/play.yaml" \
    >"${WORK}/kube-play.log" 2>&1 || { cat "${WORK}/kube-play.log" >&2; return 1; }
  log "podman kube play: $(grep -c '^kind:' "${WORK}/play.yaml") rendered objects and ${#SECRETS[@]} Secrets played; pods: $("${PODMAN[@]}" pod ps --format '{{.Name}}' | grep "^${RELEASE}-credrelay-" | sort | tr '\n' ' ')"
}

# The rendered probes, run from the host (podman runs no probes without systemd; see the decision
# record): start-up (the gRPC port accepts connections, or liveness), then liveness and readiness.
rendered_probe_path() { # SERVICE PROBE (readinessProbe, livenessProbe): its httpGet path
  python3 -c 'import sys, yaml
for doc in yaml.safe_load_all(open(sys.argv[1])):
    if doc and doc["kind"] == "Deployment" and doc["metadata"]["name"] == sys.argv[2]:
        print(doc["spec"]["template"]["spec"]["containers"][0][sys.argv[3]]["httpGet"]["path"])' \
    "${WORK}/rendered.yaml" "$(deployment "$1")" "$2"
}

await_ready() {
  local service="$1" deadline=$((SECONDS + ${READY_TIMEOUT:-600})) readiness liveness
  readiness="$(rendered_probe_path "${service}" readinessProbe)"
  liveness="$(rendered_probe_path "${service}" livenessProbe)"
  until curl -sf "http://127.0.0.1:$(port "${MGMT[${service}]}")${readiness}" >/dev/null 2>&1; do
    if [[ "$("${PODMAN[@]}" inspect -f '{{.State.Running}}' "$(container "${service}")")" != true ]]; then
      "${PODMAN[@]}" logs "$(container "${service}")" 2>&1 | tail -n 40 >&2
      echo "${service} stopped before it was ready" >&2
      return 1
    fi
    ((SECONDS < deadline)) || { echo "${service} not ready within ${READY_TIMEOUT:-600} s" >&2; return 1; }
    sleep 1
  done
  curl -sf "http://127.0.0.1:$(port "${MGMT[${service}]}")${liveness}" >/dev/null
  if [[ -n "${GRPC[${service}]}" ]]; then
    bash -c "exec 3<>/dev/tcp/127.0.0.1/$(port "${GRPC[${service}]}")"
  fi
  log "${service}: ready (${readiness}), live (${liveness})${GRPC[${service}]:+, gRPC port open}"
}

check_pod() {
  local service="$1" name env
  name="$(container "${service}")"
  [[ "$("${PODMAN[@]}" exec "${name}" id -u)" == 10001 ]] || { echo "${service}: not uid 10001" >&2; return 1; }
  if "${PODMAN[@]}" exec "${name}" touch /application/probe 2>/dev/null; then
    echo "${service}: root filesystem is writable" >&2; return 1
  fi
  "${PODMAN[@]}" exec "${name}" touch /tmp/probe || { echo "${service}: /tmp (emptyDir) not writable" >&2; return 1; }
  [[ "$("${PODMAN[@]}" exec "${name}" awk '/^CapEff/ { print $2 }' /proc/1/status)" == 0000000000000000 ]] \
    || { echo "${service}: has capabilities" >&2; return 1; }
  [[ "$("${PODMAN[@]}" inspect -f '{{.HostConfig.Memory}}' "${name}")" == $((768 * 1024 * 1024)) ]] \
    || { echo "${service}: memory limit is not the chart's 768Mi" >&2; return 1; }
  # Every entry of the rendered ConfigMap reaches the container's environment unchanged.
  env="$("${PODMAN[@]}" exec "${name}" env)"
  python3 -c 'import sys, yaml
for doc in yaml.safe_load_all(open(sys.argv[1])):
    if doc and doc["kind"] == "ConfigMap" and doc["metadata"]["name"] == sys.argv[2]:
        for key, value in doc["data"].items():
            print(key + "=" + value)' "${WORK}/rendered.yaml" "$(deployment "${service}")" >"${WORK}/${service}.configmap"
  [[ -s "${WORK}/${service}.configmap" ]] || { echo "${service}: no ConfigMap rendered" >&2; return 1; }
  while IFS= read -r entry; do
    grep -qxF "${entry}" <<<"${env}" || { echo "${service}: ${entry%%=*} differs from the ConfigMap" >&2; return 1; }
  done <"${WORK}/${service}.configmap"
  log "${service}: uid 10001, read-only root, /tmp emptyDir, no capabilities, 768Mi, $(wc -l <"${WORK}/${service}.configmap") ConfigMap entries in its env"
}

# Flyway's history: every migration once and successful.
migrations() {
  for service in "${SERVICES[@]}"; do
    PGPASSWORD="${PG_PASSWORD}" "${PG_BIN}/psql" -tA -h 127.0.0.1 -p "${PG_PORT}" -U credrelay -d credrelay -c \
      "SELECT '${SCHEMA[${service}]}', count(*), count(DISTINCT version), bool_and(success) FROM ${SCHEMA[${service}]}.flyway_schema_history WHERE version IS NOT NULL"
  done
}

check_migrations_once() {
  local before after
  before="$(migrations)"
  while IFS='|' read -r schema runs versions ok; do
    [[ "${runs}" == "${versions}" && "${ok}" == t && "${runs}" -gt 0 ]] \
      || { echo "migrations of ${schema}: ${runs} runs of ${versions} versions, success ${ok}" >&2; return 1; }
    log "migrations: ${schema} at ${versions} versions, each applied once"
  done <<<"${before}"
  # A restarted pod finds the schema current and migrates nothing.
  "${PODMAN[@]}" pod restart "$(pod connector)" >/dev/null
  await_ready connector
  after="$(migrations)"
  [[ "${before}" == "${after}" ]] || { echo "a restart ran migrations again: ${after}" >&2; return 1; }
  log "migrations: the connector pod restarted, Flyway's history unchanged"
}

preflight
start_postgres
make_database_users
make_secrets
render_chart
play
for service in "${SERVICES[@]}"; do
  await_ready "${service}"
  check_pod "${service}"
done
check_migrations_once
run_demo
log "done: the chart's rendered manifests ran under podman kube play; pods and PostgreSQL are removed on exit"
