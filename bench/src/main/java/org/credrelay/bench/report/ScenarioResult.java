package org.credrelay.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What one scenario produced: figures, target checks and free-text notes (causes, plans). */
public final class ScenarioResult {

  private final String id;
  private final String title;
  private final List<Figure> figures = new ArrayList<>();
  private final List<TargetCheck> targets = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private double seconds = Double.NaN;
  private String failure;
  private boolean informational;

  public ScenarioResult(String id, String title) {
    this.id = id;
    this.title = title;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public ScenarioResult figure(String name, double value, String unit) {
    figures.add(new Figure(name, value, unit));
    return this;
  }

  public ScenarioResult target(TargetCheck check) {
    targets.add(check);
    return this;
  }

  public ScenarioResult note(String note) {
    notes.add(note);
    return this;
  }

  /** Marks the scenario as failed (an exception, a refused request); its targets become NOT_RUN. */
  public ScenarioResult failed(String reason) {
    this.failure = reason;
    return this;
  }

  /**
   * Marks this result as a variant measured for information (e.g. the send scenario again on a
   * non-durable database): its targets are printed with their verdict but are not the run's.
   */
  public ScenarioResult informational(boolean value) {
    this.informational = value;
    return this;
  }

  public boolean informational() {
    return informational;
  }

  public void seconds(double elapsed) {
    this.seconds = elapsed;
  }

  public double seconds() {
    return seconds;
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  public List<TargetCheck> targets() {
    return List.copyOf(targets);
  }

  public List<String> notes() {
    return List.copyOf(notes);
  }

  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** The figure called {@code name}, if produced. */
  public Optional<Figure> find(String name) {
    return figures.stream().filter(f -> f.name().equals(name)).findFirst();
  }
}
