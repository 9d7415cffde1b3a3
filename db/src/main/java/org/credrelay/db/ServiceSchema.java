package org.credrelay.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The PostgreSQL schema of each service and where its Flyway migrations live. Each service migrates
 * only its own schema at start-up (Spring Boot's Flyway with {@code spring.flyway.schemas} and
 * {@code spring.flyway.locations} set to these values); no foreign key crosses schemas.
 */
public enum ServiceSchema {
  CONNECTOR("connector"),
  KEY_REGISTRY("key_registry"),
  ISSUER_GATEWAY("issuer_gateway");

  private final String schemaName;

  ServiceSchema(String schemaName) {
    this.schemaName = schemaName;
  }

  /** The PostgreSQL schema name, also the folder under {@code db/migration}. */
  public String schemaName() {
    return schemaName;
  }

  /** The Flyway location of this schema's migrations. */
  public String location() {
    return "classpath:db/migration/" + schemaName;
  }

  /** Applies this schema's pending migrations (used by tools and tests outside Spring). */
  public MigrateResult migrate(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .schemas(schemaName)
        .defaultSchema(schemaName)
        .locations(location())
        .load()
        .migrate();
  }
}
