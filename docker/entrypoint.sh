#!/bin/bash
# Entry point of every credrelay image: starts the service from Spring Boot's extracted jar layout
# and maps the class-data-sharing archive made when the image was built (cds-train.sh), unless
# CREDRELAY_CDS_ENABLED=false. An archive that does not fit this JVM or class path (another base
# image, a jar swapped in) is not used: -Xshare:auto lets the JVM start without it, only slower.
set -euo pipefail
archive=/application/application.jsa
cds_options=()
case "${CREDRELAY_CDS_ENABLED:-true}" in
  true)
    if [[ -r "${archive}" ]]; then
      cds_options=("-XX:SharedArchiveFile=${archive}" -Xshare:auto)
    else
      echo "credrelay: no class-data-sharing archive at ${archive}; starting without it" >&2
    fi
    ;;
  false) ;;
  *)
    echo "credrelay: CREDRELAY_CDS_ENABLED must be true or false, not '${CREDRELAY_CDS_ENABLED}'" >&2
    exit 64
    ;;
esac
exec java "${cds_options[@]}" -jar /application/application.jar "$@"
