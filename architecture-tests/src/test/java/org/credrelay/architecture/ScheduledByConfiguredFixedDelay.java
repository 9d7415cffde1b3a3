package org.credrelay.architecture;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * N4's condition: {@code @Scheduled(fixedDelayString = "${...}")} and no other trigger (cron, fixed
 * rate, literal delay), so the interval is a typed, documented property and a slow run never
 * overlaps the next one.
 */
final class ScheduledByConfiguredFixedDelay extends ArchCondition<JavaMethod> {

  private static final List<String> OTHER_TRIGGERS =
      List.of("cron", "fixedDelay", "fixedRate", "fixedRateString");

  ScheduledByConfiguredFixedDelay() {
    super("be scheduled with fixedDelayString = \"${...}\" and no other trigger");
  }

  @Override
  public void check(JavaMethod method, ConditionEvents events) {
    JavaAnnotation<JavaMethod> scheduled = method.getAnnotationOfType(HouseRules.SCHEDULED);
    boolean configuredDelay =
        scheduled
            .tryGetExplicitlyDeclaredProperty("fixedDelayString")
            .map(value -> value.toString().startsWith("${"))
            .orElse(false);
    boolean otherTrigger =
        OTHER_TRIGGERS.stream().anyMatch(scheduled::hasExplicitlyDeclaredProperty);
    if (!configuredDelay || otherTrigger) {
      events.add(
          SimpleConditionEvent.violated(
              method,
              method.getFullName()
                  + " is "
                  + scheduled.getProperties()
                  + " in "
                  + method.getSourceCodeLocation()));
    }
  }
}
