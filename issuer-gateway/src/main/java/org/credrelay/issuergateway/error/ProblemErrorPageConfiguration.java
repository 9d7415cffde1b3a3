package org.credrelay.issuergateway.error;

import org.apache.catalina.Container;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes Tomcat's own refusals problem+json ({@link ProblemErrorReportValve}). Spring Boot adds a
 * plain {@link ErrorReportValve} to the host from a context customizer, so the swap happens when
 * the context starts, after every customizer has run: other error report valves are removed and
 * ours is the host's only one.
 */
@Configuration(proxyBeanMethods = false)
public class ProblemErrorPageConfiguration {

  @Bean
  WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
    return factory ->
        factory.addContextCustomizers(
            context ->
                context.addLifecycleListener(
                    event -> {
                      if (Lifecycle.BEFORE_START_EVENT.equals(event.getType())) {
                        useProblemReports(context.getParent());
                      }
                    }));
  }

  private static void useProblemReports(Container host) {
    for (Valve valve : host.getPipeline().getValves()) {
      if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
        host.getPipeline().removeValve(valve);
      }
    }
    if (host instanceof StandardHost standard) {
      standard.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
    }
    boolean present = false;
    for (Valve valve : host.getPipeline().getValves()) {
      present |= valve instanceof ProblemErrorReportValve;
    }
    if (!present) {
      host.getPipeline().addValve(new ProblemErrorReportValve());
    }
  }
}
