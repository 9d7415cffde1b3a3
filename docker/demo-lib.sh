#!/usr/bin/env bash
# Shared by docker/build-and-run.sh and docker/kube-play.sh (sourced, not run): a throwaway
# PostgreSQL, the secrets of a local run, and the demo flow through the running services.
# Expects from the caller: WORK, VERSION, PG_BIN, PG_PORT, log and port (chart port -> host port).

# --- PostgreSQL: Debian's server binaries, a fresh cluster with a random password -----------------
start_postgres() {
  PG_PASSWORD="$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')"
  mkdir -p "${WORK}/pg" && chown postgres "${WORK}/pg"
  printf '%s\n' "${PG_PASSWORD}" >"${WORK}/pgpass" && chown postgres "${WORK}/pgpass" && chmod 0600 "${WORK}/pgpass"
  su postgres -s /bin/sh -c "'${PG_BIN}/initdb' -D '${WORK}/pg' -U credrelay --auth=scram-sha-256 --pwfile='${WORK}/pgpass'" >"${WORK}/initdb.log"
  su postgres -s /bin/sh -c "'${PG_BIN}/pg_ctl' -D '${WORK}/pg' -w -l '${WORK}/pg/server.log' -o \"-p ${PG_PORT} -k '${WORK}/pg' -c listen_addresses=127.0.0.1\" start" >/dev/null
  PGPASSWORD="${PG_PASSWORD}" "${PG_BIN}/psql" -q -h 127.0.0.1 -p "${PG_PORT}" -U credrelay -d postgres -c "CREATE DATABASE credrelay"
  log "PostgreSQL $("${PG_BIN}/postgres" --version | awk '{print $3}') on 127.0.0.1:${PG_PORT}"
}

# --- secrets of a local run (never baked into an image) -------------------------------------------
make_secrets() {
  java -jar launcher/target/launcher-"${VERSION}"-exec.jar connector-key --private-out "${WORK}/connector-signing-key.jwk" \
    >"${WORK}/connector-public-key.jwk" 2>/dev/null
  KEY_ENCRYPTION_KEY="$(head -c 32 /dev/urandom | base64)"
  BOOTSTRAP_API_KEY="$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
}

# --- the demo flow through the containers: the gateway's REST API and the wallet CLI --------------
gateway() { # METHOD PATH API_KEY [JSON]
  curl -sS -f -X "$1" "http://127.0.0.1:$(port 8080)$2" -H "X-Api-Key: $3" -H 'Accept: application/json' \
    ${4:+-H 'Content-Type: application/json' -d "$4"}
}

await() { # DESCRIPTION COMMAND...: repeat COMMAND until it succeeds, at most 60 s
  local description="$1" deadline=$((SECONDS + 60))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || { echo "demo: ${description} did not happen within 60 s" >&2; return 1; }
    sleep 1
  done
}

connection_verified() { [[ "$(gateway GET "/api/v1/connections/$1" "${ISSUER_KEY}" | jq -r .state)" == VERIFIED ]]; }
delivery_sent() { [[ "$(gateway GET "/api/v1/deliveries/$1" "${ISSUER_KEY}" | jq -r .status)" == SENT ]]; }
# 409 until the tenant is registered at the registry and the connector (the gateway's channels may
# still be in reconnect backoff right after the services started): ask for the registration again.
invitation() { INVITATION="$(gateway POST /api/v1/invitations "${ISSUER_KEY}" '{"label":"demo-holder"}' 2>/dev/null)" \
  || { gateway POST /api/v1/tenant/registration "${ISSUER_KEY}" '{}' >/dev/null 2>&1 || true; return 1; }; }

run_demo() {
  local wallet=(java -jar "wallet/target/wallet-${VERSION}-cli.jar" --data-dir "${WORK}/wallet"
    --connector "127.0.0.1:$(port 9092)" --insecure-plaintext --passphrase-env WALLET_PASSPHRASE)
  local connection delivery
  export WALLET_PASSPHRASE="$(head -c 12 /dev/urandom | base64)"
  ISSUER_KEY="$(gateway POST /api/v1/admin/tenants "${BOOTSTRAP_API_KEY}" '{"name":"Demo University"}' | jq -r .apiKey)"
  await "an invitation" invitation
  connection="$(jq -r .id <<<"${INVITATION}")"
  log "demo: issuer created, invitation ${connection}"
  "${wallet[@]}" init >"${WORK}/wallet.log" 2>&1
  "${wallet[@]}" accept --timeout 2m "$(jq -r .uri <<<"${INVITATION}")" >>"${WORK}/wallet.log" 2>&1 \
    || { cat "${WORK}/wallet.log" >&2; return 1; }
  await "the gateway's VERIFIED connection" connection_verified "${connection}"
  log "demo: the wallet CLI accepted, handshake verified on both sides"
  # Issued once: the Idempotency-Key makes a retried POST return the same delivery.
  delivery="$(jq -n --arg c "${connection}" '{connectionId: $c, credential: {
      "@context": ["https://www.w3.org/ns/credentials/v2"], type: ["VerifiableCredential", "DiplomaCredential"],
      credentialSubject: {name: "Ada Lovelace", degree: "MSc Computing"}}}' \
    | curl -sS -f "http://127.0.0.1:$(port 8080)/api/v1/credentials" -H "X-Api-Key: ${ISSUER_KEY}" \
      -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" -H 'Content-Type: application/json' \
      -H 'Accept: application/json' --data-binary @- | jq -r .deliveryId)"
  await "delivery ${delivery} SENT" delivery_sent "${delivery}"
  "${wallet[@]}" receive >>"${WORK}/wallet.log" 2>&1 || { cat "${WORK}/wallet.log" >&2; return 1; }
  "${wallet[@]}" credentials --show 2>&1 | grep -q 'Ada Lovelace' \
    || { echo "demo: the wallet did not decrypt the credential" >&2; cat "${WORK}/wallet.log" >&2; return 1; }
  log "demo: credential issued, delivered as ciphertext and decrypted by the wallet CLI"
}
