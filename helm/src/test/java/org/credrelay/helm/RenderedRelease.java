package org.credrelay.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The objects of one rendered release, parsed strictly: every document must map onto a typed
 * fabric8 model (an unknown kind or apiVersion would come back as a GenericKubernetesResource and
 * fails), and no field may be left over in a model's additionalProperties (a misspelt field would).
 * ServiceMonitor, which has no fabric8 model here, is read into {@link ServiceMonitor} with unknown
 * fields refused.
 */
record RenderedRelease(
    List<HasMetadata> objects,
    List<ServiceMonitor> serviceMonitors,
    List<PrometheusRule> prometheusRules) {

  static final List<String> COMPONENTS = List.of("connector", "key-registry", "issuer-gateway");

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
  private static final ObjectMapper STRICT_YAML =
      YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  static RenderedRelease parse(String manifest) {
    List<HasMetadata> objects = new ArrayList<>();
    List<ServiceMonitor> serviceMonitors = new ArrayList<>();
    List<PrometheusRule> prometheusRules = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifest)) {
      String yaml = document.replace(Chart.HOOK_PREFIX_STAND_IN, Chart.HOOK_PREFIX);
      if (yaml.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      JsonNode tree = STRICT_YAML.readTree(yaml);
      if ("ServiceMonitor".equals(tree.path("kind").asString())) {
        ServiceMonitor monitor = STRICT_YAML.readValue(yaml, ServiceMonitor.class);
        StrictModel.assertNoUnknownFields(monitor.metadata(), "ServiceMonitor.metadata");
        serviceMonitors.add(monitor);
        continue;
      }
      if ("PrometheusRule".equals(tree.path("kind").asString())) {
        PrometheusRule rule = STRICT_YAML.readValue(yaml, PrometheusRule.class);
        StrictModel.assertNoUnknownFields(rule.metadata(), "PrometheusRule.metadata");
        prometheusRules.add(rule);
        continue;
      }
      HasMetadata object = KUBERNETES.unmarshal(yaml);
      assertThat(object)
          .as("document has no typed model (unknown kind or apiVersion?):%n%s", yaml)
          .isNotInstanceOf(GenericKubernetesResource.class);
      StrictModel.assertNoUnknownFields(
          object, object.getKind() + "/" + object.getMetadata().getName());
      objects.add(object);
    }
    return new RenderedRelease(
        List.copyOf(objects), List.copyOf(serviceMonitors), List.copyOf(prometheusRules));
  }

  /** Name of a component's objects in this release, e.g. {@code cr-credrelay-key-registry}. */
  static String nameOf(String component) {
    return Chart.RELEASE + "-credrelay-" + component;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
  }

  <T extends HasMetadata> T get(Class<T> type, String name) {
    return find(type, name)
        .orElseThrow(
            () ->
                new AssertionError(
                    "no " + type.getSimpleName() + " named " + name + " in " + names()));
  }

  /** The object of a component, e.g. {@code component(Deployment.class, "connector")}. */
  <T extends HasMetadata> T component(Class<T> type, String component) {
    return get(type, nameOf(component));
  }

  Deployment deployment(String component) {
    return component(Deployment.class, component);
  }

  Container container(String component) {
    return deployment(component).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  Map<String, String> config(String component) {
    return component(ConfigMap.class, component).getData();
  }

  Optional<EnvVar> env(String component, String name) {
    return container(component).getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  /** Every pod spec of the release: Deployments, Jobs and bare Pods (helm test). */
  List<PodSpec> podSpecs() {
    return Stream.of(
            all(Deployment.class).stream().map(d -> d.getSpec().getTemplate().getSpec()),
            all(Job.class).stream().map(j -> j.getSpec().getTemplate().getSpec()),
            all(Pod.class).stream().map(Pod::getSpec))
        .flatMap(s -> s)
        .toList();
  }

  /** Kind/name of every object, for messages. */
  List<String> names() {
    List<String> names = new ArrayList<>();
    objects.forEach(o -> names.add(o.getKind() + "/" + o.getMetadata().getName()));
    serviceMonitors.forEach(m -> names.add("ServiceMonitor/" + m.metadata().getName()));
    prometheusRules.forEach(r -> names.add("PrometheusRule/" + r.metadata().getName()));
    return names;
  }

  /** Objects per kind, for messages and counts. */
  Map<String, Long> countByKind() {
    Map<String, Long> counts = new LinkedHashMap<>();
    objects.forEach(o -> counts.merge(o.getKind(), 1L, Long::sum));
    if (!serviceMonitors.isEmpty()) {
      counts.put("ServiceMonitor", (long) serviceMonitors.size());
    }
    if (!prometheusRules.isEmpty()) {
      counts.put("PrometheusRule", (long) prometheusRules.size());
    }
    return counts;
  }
}
