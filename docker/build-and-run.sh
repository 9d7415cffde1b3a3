#!/bin/bash
# Builds the three service images with podman (no Docker engine needed), runs them against a real
# PostgreSQL with the environment the Helm chart sets, checks each container (readiness, health
# check, uid 10001, read-only root filesystem, class-data-sharing archive in use) and, with
# runs the demo flow through them (issuer -> invitation -> wallet CLI accept -> handshake ->
# credential decrypted by the wallet CLI) and, with --measure N, measures each service's start to
# readiness N times with and without the archive.
#
#   docker/build-and-run.sh [--skip-images] [--measure N]
#
# Needs root, podman with runc, curl, jq, a JDK 17 (the launcher makes the connector key pair, the
# wallet CLI runs the demo's holder) and PostgreSQL's server binaries (Debian: `apt-get install -y
# podman runc debootstrap postgresql curl jq`), and the jars of `./mvnw -B package -DskipTests`.
# The JRE base image
# is made with debootstrap when localhost/debian-jre:17 does not exist (no registry needed).
# Not part of `./mvnw verify` (root, podman and minutes). See docker/README.md.
set -euo pipefail
# A failure inside $(...) stops the script too (a container that did not start, a failed call).
shopt -s inherit_errexit

cd "$(dirname "$0")/.."
MEASURE_RUNS=0
BUILD_IMAGES=true
while [[ $# -gt 0 ]]; do
  case "$1" in
    --measure) MEASURE_RUNS="$2"; shift 2 ;;
    --skip-images) BUILD_IMAGES=false; shift ;;
    *) echo "usage: $0 [--skip-images] [--measure N]" >&2; exit 64 ;;
  esac
done

VERSION="${VERSION:-0.1.0-SNAPSHOT}"
TAG="${TAG:-dev}"
BASE_IMAGE="${BASE_IMAGE:-localhost/debian-jre:17}"
# Host ports = the chart's ports + PORT_OFFSET (containers share the host network).
PORT_OFFSET="${PORT_OFFSET:-10000}"
PG_PORT="${PG_PORT:-55433}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
PODMAN=(podman --runtime runc)
# Container ulimits must not exceed the host's (podman's defaults fail with setrlimit errors).
LIMITS=(--ulimit nofile=20000:20000 --ulimit nproc=1000:1000)
WORK="$(mktemp -d /tmp/credrelay-containers.XXXXXX)"
chmod 0755 "${WORK}"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# shellcheck source=docker/demo-lib.sh
source docker/demo-lib.sh  # start_postgres, make_secrets, run_demo (run from the repository root)

# --- service table: key, Maven module, image, chart ports (grpc, http, management) ---------------
SERVICES=(key-registry connector issuer-gateway)
declare -A MODULE=([connector]=connector-service [key-registry]=key-registry-service [issuer-gateway]=issuer-gateway)
declare -A GRPC=([connector]=9092 [key-registry]=9091 [issuer-gateway]=)
declare -A HTTP=([connector]=8082 [key-registry]=8081 [issuer-gateway]=8080)
declare -A MGMT=([connector]=8082 [key-registry]=8091 [issuer-gateway]=8090)
# The chart's default javaToolOptions and memory limits (helm/credrelay/values.yaml).
declare -A JTO=(
  [connector]="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"
  [key-registry]="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"
  [issuer-gateway]="-XX:MaxRAMPercentage=40.0 -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -Xss512k -XX:+ExitOnOutOfMemoryError")
MEMORY="${MEMORY:-768m}"
port() { echo $(($1 + PORT_OFFSET)); }
image() { echo "${IMAGE_OVERRIDE:-localhost/credrelay-$1:${TAG}}"; }
container() { echo "credrelay-$1-${PORT_OFFSET}"; }

cleanup() {
  if [[ -n "${KEEP_LOGS:-}" ]]; then
    mkdir -p "${KEEP_LOGS}"
    cp "${WORK}"/*.log "${WORK}/times" "${KEEP_LOGS}/" 2>/dev/null || true
    for service in "${SERVICES[@]}"; do
      "${PODMAN[@]}" logs "$(container "${service}")" >"${KEEP_LOGS}/${service}.log" 2>&1 || true
    done
  fi
  for service in "${SERVICES[@]}"; do
    "${PODMAN[@]}" rm -f -t 5 "$(container "${service}")" >/dev/null 2>&1 || true
  done
  if [[ -f "${WORK}/pg/postmaster.pid" ]]; then
    su postgres -s /bin/sh -c "'${PG_BIN}/pg_ctl' -D '${WORK}/pg' -m fast stop" >/dev/null || true
  fi
  rm -rf "${WORK}"
}
trap cleanup EXIT

# --- images ----------------------------------------------------------------------------------------
build_images() {
  for module in connector-service key-registry-service issuer-gateway; do
    [[ -f "${module}/target/${module}-${VERSION}-exec.jar" ]] \
      || { echo "missing ${module}/target/${module}-${VERSION}-exec.jar: run ./mvnw -B package -DskipTests first" >&2; exit 1; }
  done
  if ! "${PODMAN[@]}" image exists "${BASE_IMAGE}"; then
    log "making ${BASE_IMAGE} with debootstrap (Debian 12 + openjdk-17-jre-headless)"
    debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "${WORK}/base" >"${WORK}/debootstrap.log"
    tar -C "${WORK}/base" -c . | "${PODMAN[@]}" import - "${BASE_IMAGE}" >/dev/null
    rm -rf "${WORK}/base"
  fi
  for service in "${SERVICES[@]}"; do
    log "building $(image "${service}")"
    # --format docker keeps HEALTHCHECK (the OCI format drops it).
    "${PODMAN[@]}" build --format docker "${LIMITS[@]}" -f docker/Dockerfile \
      --ignorefile docker/Dockerfile.dockerignore \
      --build-arg SERVICE="${MODULE[${service}]}" --build-arg VERSION="${VERSION}" \
      --build-arg JAVA_IMAGE="${BASE_IMAGE}" -t "$(image "${service}")" . >"${WORK}/build-${service}.log" 2>&1 \
      || { tail -n 30 "${WORK}/build-${service}.log" >&2; exit 1; }
  done
}


# The environment the chart renders (templates/_helpers.tpl "credrelay.configData" + Secrets).
service_env() {
  local service="$1" cds="$2" file="${WORK}/$1.env"
  {
    echo "SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:${PG_PORT}/credrelay"
    echo "SPRING_DATASOURCE_USERNAME=credrelay"
    echo "SPRING_DATASOURCE_PASSWORD=${PG_PASSWORD}"
    echo "JAVA_TOOL_OPTIONS=${JTO[${service}]}"
    echo "CREDRELAY_CDS_ENABLED=${cds}"
    echo "SERVER_PORT=$(port "${HTTP[${service}]}")"
    echo "MANAGEMENT_SERVER_PORT=$(port "${MGMT[${service}]}")"
    echo "MANAGEMENT_ENDPOINT_HEALTH_PROBES_ENABLED=true"
    echo "SERVER_SHUTDOWN=graceful"
    if [[ -n "${GRPC[${service}]}" ]]; then
      echo "SPRING_GRPC_SERVER_PORT=$(port "${GRPC[${service}]}")"
    fi
    case "${service}" in
      connector)
        echo "SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET=static://127.0.0.1:$(port 9091)"
        echo "CONNECTOR_KEYREGISTRY_SIGNINGKEY=$(cat "${WORK}/connector-signing-key.jwk")"
        ;;
      key-registry)
        echo "KEYREGISTRY_CONNECTORS_TRUSTEDKEYS_0_=$(cat "${WORK}/connector-public-key.jwk")"
        ;;
      issuer-gateway)
        echo "SPRING_GRPC_CLIENT_CHANNEL_CONNECTOR_TARGET=static://127.0.0.1:$(port 9092)"
        echo "SPRING_GRPC_CLIENT_CHANNEL_KEYREGISTRY_TARGET=static://127.0.0.1:$(port 9091)"
        echo "SERVER_FORWARDHEADERSSTRATEGY=native"
        echo "GATEWAY_CRYPTO_KEYENCRYPTIONKEY=${KEY_ENCRYPTION_KEY}"
        echo "GATEWAY_BOOTSTRAP_APIKEY=${BOOTSTRAP_API_KEY}"
        ;;
    esac
  } >"${file}"
  chmod 0600 "${file}"
  echo "${file}"
}

# Starts a service's container as the chart runs its pod (uid 10001 from the image, read-only root,
# tmpfs /tmp, the chart's memory limit) and prints the seconds from `podman run` to readiness.
start_service() {
  local service="$1" cds="$2" name started ready
  name="$(container "${service}")"
  "${PODMAN[@]}" rm -f -t 5 "${name}" >/dev/null 2>&1 || true
  started="$(date +%s.%N)"
  "${PODMAN[@]}" run -d --name "${name}" "${LIMITS[@]}" --network host --read-only \
    --tmpfs /tmp:rw,size=256m,mode=1777 --memory "${MEMORY}" --cap-drop ALL \
    --security-opt no-new-privileges --env-file "$(service_env "${service}" "${cds}")" \
    "$(image "${service}")" >/dev/null 2>>"${WORK}/podman.log" \
    || { tail -n 5 "${WORK}/podman.log" >&2; return 1; }
  until curl -sf "http://127.0.0.1:$(port "${MGMT[${service}]}")/actuator/health/readiness" >/dev/null 2>&1; do
    if [[ "$("${PODMAN[@]}" inspect -f '{{.State.Running}}' "${name}")" != true ]]; then
      "${PODMAN[@]}" logs "${name}" 2>&1 | tail -n 40 >&2
      echo "${service} stopped before it was ready" >&2
      return 1
    fi
    sleep 0.1
  done
  ready="$(date +%s.%N)"
  awk -v a="${started}" -v b="${ready}" 'BEGIN { printf "%.1f\n", b - a }'
}

# "Started X in N seconds (process running for M)": M is the JVM's own uptime at that moment.
jvm_started_after() {
  "${PODMAN[@]}" logs "$(container "$1")" 2>&1 | sed -n 's/.*process running for \([0-9.]*\)).*/\1/p' | tail -n 1
}

# Resident memory of the service's JVM (PID 1 of the container) in MiB, mapped archive included.
rss_mib() {
  "${PODMAN[@]}" exec "$(container "$1")" awk '/^VmRSS/ { printf "%d\n", $2 / 1024 }' /proc/1/status
}

check_container() {
  local service="$1" name
  name="$(container "${service}")"
  [[ "$("${PODMAN[@]}" exec "${name}" id -u)" == 10001 ]] || { echo "${service}: not uid 10001" >&2; return 1; }
  if "${PODMAN[@]}" exec "${name}" touch /application/probe 2>/dev/null; then
    echo "${service}: root filesystem is writable" >&2; return 1
  fi
  "${PODMAN[@]}" exec "${name}" /usr/local/bin/healthcheck || { echo "${service}: health check failed" >&2; return 1; }
  # The JVM validates the archive against its class path and JVM build; -Xshare:on fails if it
  # could not map it, where the service's own -Xshare:auto would silently start without it.
  "${PODMAN[@]}" exec "${name}" java -Xshare:on -XX:SharedArchiveFile=/application/application.jsa \
    -cp /application/application.jar -version 2>&1 | grep -q 'sharing' \
    || { echo "${service}: class-data-sharing archive does not map" >&2; return 1; }
  log "${service}: ready, healthy, uid 10001, read-only root filesystem, archive maps"
}



# The fallback: an image whose jar changed after the archive was made (here: a newer modification
# time of one library, as a jar swapped into a derived image would have) starts without the
# archive, with the JVM's one warning, and becomes ready all the same.
check_fallback() {
  local service=connector stale="localhost/credrelay-connector:stale-archive" seconds
  mkdir -p "${WORK}/stale"
  printf 'FROM %s\nUSER 0\nRUN touch /application/lib/db-%s.jar\nUSER 10001:10001\n' \
    "$(image "${service}")" "${VERSION}" >"${WORK}/stale/Containerfile"
  "${PODMAN[@]}" build "${LIMITS[@]}" --format docker -t "${stale}" -f "${WORK}/stale/Containerfile" "${WORK}/stale" \
    >"${WORK}/build-stale.log" 2>&1
  seconds="$(IMAGE_OVERRIDE="${stale}" start_service "${service}" true)"
  log "${service} with a jar newer than its archive: ready after ${seconds} s"
  "${PODMAN[@]}" logs "$(container "${service}")" 2>&1 | grep -F 'Unable to use shared archive' >&2 \
    || { echo "${service}: no warning about the archive that does not fit" >&2; return 1; }
  "${PODMAN[@]}" rmi -f "${stale}" >/dev/null 2>&1 || true
  start_service "${service}" true >/dev/null
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {
  local runs="$1" round service variant order seconds
  log "measuring: ${runs} rounds, each service restarted with and without the archive (alternating order)"
  : >"${WORK}/times"
  for round in $(seq 1 "${runs}"); do
    if ((round % 2)); then order=(true false); else order=(false true); fi
    for service in "${SERVICES[@]}"; do
      for variant in "${order[@]}"; do
        seconds="$(start_service "${service}" "${variant}")"
        echo "${service} ${variant} ${seconds} $(jvm_started_after "${service}") $(rss_mib "${service}")" \
          | tee -a "${WORK}/times" >&2
      done
    done
  done
  printf '\n| service | readiness without archive (median, min-max) | with archive | ratio | JVM "process running for", without / with | RSS at ready, without / with |\n|---|---|---|---|---|---|\n'
  for service in "${SERVICES[@]}"; do
    local off on off_jvm on_jvm off_rss on_rss
    off="$(awk -v s="${service}" '$1 == s && $2 == "false" { print $3 }' "${WORK}/times")"
    on="$(awk -v s="${service}" '$1 == s && $2 == "true" { print $3 }' "${WORK}/times")"
    off_jvm="$(awk -v s="${service}" '$1 == s && $2 == "false" { print $4 }' "${WORK}/times" | median)"
    on_jvm="$(awk -v s="${service}" '$1 == s && $2 == "true" { print $4 }' "${WORK}/times" | median)"
    off_rss="$(awk -v s="${service}" '$1 == s && $2 == "false" { print $5 }' "${WORK}/times" | median)"
    on_rss="$(awk -v s="${service}" '$1 == s && $2 == "true" { print $5 }' "${WORK}/times" | median)"
    awk -v s="${service}" -v a="$(echo "${off}" | median)" -v b="$(echo "${on}" | median)" \
      -v amin="$(echo "${off}" | sort -n | head -n 1)" -v amax="$(echo "${off}" | sort -n | tail -n 1)" \
      -v bmin="$(echo "${on}" | sort -n | head -n 1)" -v bmax="$(echo "${on}" | sort -n | tail -n 1)" \
      -v ja="${off_jvm}" -v jb="${on_jvm}" -v ra="${off_rss}" -v rb="${on_rss}" \
      'BEGIN { printf "| %s | %.1f s (%.1f-%.1f) | %.1f s (%.1f-%.1f) | %.2f | %.1f s / %.1f s | %d / %d MiB |\n", s, a, amin, amax, b, bmin, bmax, b / a, ja, jb, ra, rb }'
  done
}

if [[ "${BUILD_IMAGES}" == true ]]; then build_images; fi
start_postgres
make_secrets
# First start of each (the key registry first: the others call it); migrations run here.
for service in "${SERVICES[@]}"; do
  seconds="$(start_service "${service}" true)"
  log "${service}: first start, ready after ${seconds} s"
  check_container "${service}"
done
run_demo
check_fallback
if ((MEASURE_RUNS > 0)); then
  measure "${MEASURE_RUNS}"
fi
log "done; containers and PostgreSQL are removed on exit"
