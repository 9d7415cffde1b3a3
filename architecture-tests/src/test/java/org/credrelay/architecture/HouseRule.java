package org.credrelay.architecture;

import com.tngtech.archunit.lang.ArchRule;

/**
 * One rule of the house rule set, with the short id the docs, the fixtures and the reports use
 * (R1..R5 from the layering conventions, N1..N6 naming, E1 errors).
 */
record HouseRule(String id, ArchRule rule) {

  @Override
  public String toString() {
    return id + " " + rule.getDescription();
  }
}
