package org.credrelay.helm;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * The part of the Prometheus Operator's monitoring.coreos.com/v1 PrometheusRule the chart renders.
 */
record PrometheusRule(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

  record Spec(List<Group> groups) {}

  record Group(String name, List<Rule> rules) {}

  record Rule(
      String alert,
      String expr,
      @JsonProperty("for") String pendingFor,
      Map<String, String> labels,
      Map<String, String> annotations) {}
}
