package org.credrelay.architecture;

import java.util.List;

/**
 * A deployable service as the rules see it: a name and the root package its classes live under. The
 * features of a service are the packages directly under its root.
 */
record ServiceModule(String name, String rootPackage) {

  static final ServiceModule CONNECTOR = new ServiceModule("connector", "org.credrelay.connector");
  static final ServiceModule KEY_REGISTRY =
      new ServiceModule("key registry", "org.credrelay.keyregistry");
  static final ServiceModule ISSUER_GATEWAY =
      new ServiceModule("issuer gateway", "org.credrelay.issuergateway");

  /** The three services of credrelay; the house rules apply to each of them identically. */
  static final List<ServiceModule> ALL = List.of(CONNECTOR, KEY_REGISTRY, ISSUER_GATEWAY);

  /** {@code root..}: every package of this service. */
  String everything() {
    return rootPackage + "..";
  }

  /** The root packages of the services in {@code all} other than this one. */
  List<String> otherRoots(List<ServiceModule> all) {
    return all.stream()
        .filter(other -> !other.equals(this))
        .map(ServiceModule::rootPackage)
        .toList();
  }

  @Override
  public String toString() {
    return name;
  }
}
