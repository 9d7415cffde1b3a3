package org.credrelay.archfixture.bad.n3registrar.sync.service;

import java.time.Duration;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;

/** Fixture violating N3 only: a job that registers its task by hand instead of @Scheduled. */
class StateSyncJob implements SchedulingConfigurer {
  @Override
  public void configureTasks(ScheduledTaskRegistrar registrar) {
    registrar.addFixedDelayTask(this::sync, Duration.ofSeconds(30));
  }

  void sync() {}
}
