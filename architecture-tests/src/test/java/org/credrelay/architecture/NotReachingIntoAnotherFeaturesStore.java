package org.credrelay.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Arrays;
import java.util.Objects;

/**
 * R2's condition: a class depends on no store package of a feature other than its own. A feature is
 * a package directly under the service root; its store is any sub-package named {@code store}.
 */
final class NotReachingIntoAnotherFeaturesStore extends ArchCondition<JavaClass> {

  private final String root;

  NotReachingIntoAnotherFeaturesStore(String root) {
    super("not depend on another feature's store package");
    this.root = root;
  }

  @Override
  public void check(JavaClass origin, ConditionEvents events) {
    String ownFeature = feature(origin.getPackageName());
    for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
      String targetPackage = dependency.getTargetClass().getPackageName();
      String targetFeature = feature(targetPackage);
      if (targetFeature != null
          && !Objects.equals(targetFeature, ownFeature)
          && isStore(targetPackage)) {
        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
      }
    }
  }

  /** The feature a package belongs to, or null for the root itself and foreign packages. */
  private String feature(String packageName) {
    if (!packageName.startsWith(root + ".")) {
      return null;
    }
    return packageName.substring(root.length() + 1).split("\\.")[0];
  }

  private boolean isStore(String packageName) {
    String[] belowFeature = packageName.substring(root.length() + 1).split("\\.");
    return Arrays.asList(belowFeature).subList(1, belowFeature.length).contains("store");
  }
}
