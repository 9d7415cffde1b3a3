#!/bin/bash
# Container health check of every credrelay image (docker/Dockerfile's HEALTHCHECK): liveness over
# bash's /dev/tcp, so the check needs no curl in the JRE image. It asks the port set by
# MANAGEMENT_SERVER_PORT (the chart always sets it), else the service's default Actuator port.
set -euo pipefail
case "${CREDRELAY_SERVICE}" in
  connector-service) default_port=8082 ;;
  key-registry-service) default_port=8081 ;;
  *) default_port=8080 ;;
esac
port="${MANAGEMENT_SERVER_PORT:-${default_port}}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health/liveness HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
grep -q '"status":"UP"' <&3
