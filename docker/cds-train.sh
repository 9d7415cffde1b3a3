#!/bin/bash
# Writes the class-data-sharing (AppCDS) archive of the service at image build time: one training
# start with -XX:ArchiveClassesAtExit (JDK 17 has no -XX:+AutoCreateSharedArchive) that stops as
# soon as the Spring context is refreshed (spring.context.exit=onRefresh), so nothing binds a
# port and no job runs. It needs no database: Flyway is off, Hibernate reads no JDBC metadata and
# the connection pool does not connect at start (the URL points at a closed port). The archive
# holds the classes of that start (JDK, Spring, Hibernate, gRPC, the service's own), which a real
# start would load, verify and parse again. It must be made with the same JVM and the same
# class path (same jar files, sizes and modification times) as the container then runs:
# docker/Dockerfile runs this in the final stage, after the layers are in place.
set -euo pipefail
archive=/application/application.jsa
# The gateway refuses to start without a key-encryption key. This one is a throwaway (32 zero
# bytes): the training start stops before anything is encrypted, and the value is gone with it.
training_env=(GATEWAY_CRYPTO_KEYENCRYPTIONKEY=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=)
# -Xlog:cds=error: the ~100 warnings about classes an archive cannot hold (generated reflection
# accessors, classes that failed verification and are never used) are expected; the check below
# tells whether an archive was written.
env "${training_env[@]}" java -XX:ArchiveClassesAtExit="${archive}" -Xlog:cds=error \
  -Dspring.context.exit=onRefresh \
  -jar /application/application.jar \
  --spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none \
  --spring.datasource.hikari.initialization-fail-timeout=-1 \
  --spring.flyway.enabled=false \
  --spring.jpa.hibernate.ddl-auto=none \
  --spring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false \
  --spring.jpa.properties.hibernate.dialect=org.hibernate.dialect.PostgreSQLDialect \
  --server.port=0 --management.server.port=0 --spring.grpc.server.port=0
# The JVM writes the archive on its way out; a start that failed before would leave none.
test -s "${archive}" || { echo "cds-train: no archive written to ${archive}" >&2; exit 1; }
chmod 0644 "${archive}"
