package org.credrelay.keyregistry.config;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The one clock every time decision uses (tests add a @Primary one), and scheduling for the purge
 * job.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class ClockConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }
}
