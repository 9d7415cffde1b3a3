package org.credrelay.helm;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code helm upgrade} from one rendered release to another would change that Kubernetes
 * refuses to change in place (or that drops every pod at once): workloads renamed, immutable
 * selectors, Service type and clusterIP, Jobs re-used by name without being re-created hooks.
 */
final class UpgradeCheck {

  private UpgradeCheck() {}

  /** Problems of upgrading {@code previous} to {@code current}; empty when the upgrade is safe. */
  static List<String> problems(RenderedRelease previous, RenderedRelease current) {
    List<String> problems = new ArrayList<>();
    for (Deployment before : previous.all(Deployment.class)) {
      String name = before.getMetadata().getName();
      Optional<Deployment> after = current.find(Deployment.class, name);
      if (after.isEmpty()) {
        problems.add(
            "Deployment " + name + " is gone (renamed workloads restart all pods at once)");
      } else if (!before.getSpec().getSelector().equals(after.get().getSpec().getSelector())) {
        problems.add("Deployment " + name + ": spec.selector changed (immutable)");
      }
    }
    for (StatefulSet before : previous.all(StatefulSet.class)) {
      String name = before.getMetadata().getName();
      Optional<StatefulSet> after = current.find(StatefulSet.class, name);
      if (after.isEmpty()) {
        problems.add("StatefulSet " + name + " is gone");
      } else if (!before.getSpec().getSelector().equals(after.get().getSpec().getSelector())
          || !Objects.equals(
              before.getSpec().getServiceName(), after.get().getSpec().getServiceName())
          || !Objects.equals(
              before.getSpec().getVolumeClaimTemplates(),
              after.get().getSpec().getVolumeClaimTemplates())) {
        problems.add(
            "StatefulSet " + name + ": selector, serviceName or volumeClaimTemplates changed");
      }
    }
    for (Service before : previous.all(Service.class)) {
      String name = before.getMetadata().getName();
      Optional<Service> after = current.find(Service.class, name);
      if (after.isEmpty()) {
        problems.add("Service " + name + " is gone (clients address it by name)");
        continue;
      }
      if (!Objects.equals(before.getSpec().getType(), after.get().getSpec().getType())
          || !Objects.equals(
              before.getSpec().getClusterIP(), after.get().getSpec().getClusterIP())) {
        problems.add("Service " + name + ": type or clusterIP changed (clusterIP is immutable)");
      }
      List<String> portsAfter =
          after.get().getSpec().getPorts().stream().map(ServicePort::getName).toList();
      before.getSpec().getPorts().stream()
          .map(ServicePort::getName)
          .filter(port -> !portsAfter.contains(port))
          .forEach(port -> problems.add("Service " + name + ": port " + port + " is gone"));
    }
    for (Job after : current.all(Job.class)) {
      String name = after.getMetadata().getName();
      Map<String, String> annotations = after.getMetadata().getAnnotations();
      boolean recreatedHook =
          annotations != null
              && annotations.containsKey("helm.sh/hook")
              && annotations
                  .getOrDefault("helm.sh/hook-delete-policy", "")
                  .contains("before-hook-creation");
      if (previous.find(Job.class, name).isPresent() && !recreatedHook) {
        problems.add("Job " + name + ": same name, but not a hook re-created before each run");
      }
    }
    return problems;
  }
}
