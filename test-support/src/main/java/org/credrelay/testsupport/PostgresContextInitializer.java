package org.credrelay.testsupport;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a Spring test context at a fresh database of the JVM's shared PostgreSQL server. Spring's
 * context cache keeps one context (and so one database) per distinct configuration, so test classes
 * that share a configuration share the database: write such tests so they do not depend on rows of
 * other classes (unique ids per test).
 *
 * <pre>
 * {@code @SpringBootTest @ContextConfiguration(initializers = PostgresContextInitializer.class)}
 * </pre>
 */
public class PostgresContextInitializer
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    TestDatabase database =
        PostgresServer.get().createDatabase(context.getId() == null ? "spring" : context.getId());
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "test-postgres",
                Map.of(
                    "spring.datasource.url", database.jdbcUrl(),
                    "spring.datasource.username", database.username(),
                    "spring.datasource.password", database.password())));
  }
}
