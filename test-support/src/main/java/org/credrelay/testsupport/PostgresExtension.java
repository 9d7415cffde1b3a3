package org.credrelay.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test class its own fresh database on the JVM's shared PostgreSQL server. Declare a
 * {@link TestDatabase} parameter on a test, lifecycle method or constructor to receive it.
 */
public final class PostgresExtension implements BeforeAllCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(PostgresExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    database(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return database(context);
  }

  private static TestDatabase database(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    // Method-level contexts hang below the class context; keep one database per class.
    ExtensionContext classContext =
        context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
    return classContext
        .getStore(NAMESPACE)
        .computeIfAbsent(
            testClass,
            key -> PostgresServer.get().createDatabase(testClass.getSimpleName()),
            TestDatabase.class);
  }
}
