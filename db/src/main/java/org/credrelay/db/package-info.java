/**
 * The database schema of the suite: Flyway migrations for every service, each in its own PostgreSQL
 * schema ({@code connector}, {@code key_registry}, {@code issuer_gateway}) under {@code
 * db/migration/<schema>}, with a comment on every table and column and no foreign keys across
 * schemas. {@link org.credrelay.db.ServiceSchema} names them.
 */
package org.credrelay.db;
