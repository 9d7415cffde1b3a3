package org.credrelay.issuergateway.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * Matches requests received by the separate management server ({@code management.server.port}, set
 * by the Helm chart): Actuator answers there without credentials, since only Prometheus and the
 * probes can reach that port. Without a separate management server nothing matches and Actuator
 * shares the API port, where everything but health needs the bootstrap key.
 */
@Component
public class ManagementPortRequestMatcher
    implements RequestMatcher, ApplicationListener<WebServerInitializedEvent> {

  private static final String MANAGEMENT_NAMESPACE = "management";

  private volatile int managementPort = -1;

  @Override
  public void onApplicationEvent(WebServerInitializedEvent event) {
    if (MANAGEMENT_NAMESPACE.equals(event.getApplicationContext().getServerNamespace())) {
      managementPort = event.getWebServer().getPort();
    }
  }

  @Override
  public boolean matches(HttpServletRequest request) {
    int port = managementPort;
    return port > 0 && request.getLocalPort() == port;
  }
}
