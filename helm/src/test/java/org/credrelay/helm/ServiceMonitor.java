package org.credrelay.helm;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;

/**
 * The part of the Prometheus Operator's monitoring.coreos.com/v1 ServiceMonitor the chart renders.
 */
record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

  record Spec(
      LabelSelector selector, NamespaceSelector namespaceSelector, List<Endpoint> endpoints) {}

  record NamespaceSelector(List<String> matchNames) {}

  record Endpoint(String port, String path, String interval, String scrapeTimeout) {}
}
