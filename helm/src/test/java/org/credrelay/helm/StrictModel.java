package org.credrelay.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * fabric8 models accept any field and keep the ones they do not know in {@code
 * additionalProperties}. This walks a model tree and fails on the first non-empty one, so that a
 * misspelt or misplaced field in a template fails the tests instead of being dropped by the API
 * server.
 */
final class StrictModel {

  private StrictModel() {}

  static void assertNoUnknownFields(Object model, String path) {
    if (model == null || !isModel(model.getClass())) {
      return;
    }
    for (Method getter : model.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object value = invoke(getter, model);
      String child = path + "." + decapitalize(getter.getName().substring(3));
      if (getter.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          throw new AssertionError(
              "unknown or mistyped field(s) at " + path + ": " + extra.keySet());
        }
      } else {
        walk(value, child);
      }
    }
  }

  private static void walk(Object value, String path) {
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]");
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "[" + key + "]"));
    } else {
      assertNoUnknownFields(value, path);
    }
  }

  private static boolean isModel(Class<?> type) {
    return type.getName().startsWith("io.fabric8.kubernetes.api.model");
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + getter, e);
    }
  }

  private static String decapitalize(String name) {
    return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
  }
}
