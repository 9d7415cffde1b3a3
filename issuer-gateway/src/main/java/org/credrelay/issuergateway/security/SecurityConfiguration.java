package org.credrelay.issuergateway.security;

import org.credrelay.issuergateway.tenant.ApiKeyScope;
import org.credrelay.issuergateway.tenant.service.ApiKeyManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Without credentials only the health probes and the API docs (when enabled: by
 * default only in the {@code local} profile) answer; the rest of Actuator answers without
 * credentials only on the separate management port ({@link ManagementPortRequestMatcher}) and needs
 * the bootstrap key where it shares the API port. {@code /api/v1/admin/**} needs the bootstrap key;
 * {@code /api/v1/tenant/api-keys/**} a tenant with scope {@code admin-keys}; everything else a
 * tenant with scope {@code issue} (API key, or a bearer JWT when {@link
 * BearerTokenDecoderConfiguration} made a {@link JwtDecoder}). Rate limits ({@link
 * RateLimitFilter}) come before any credential check. Stateless; no sessions, no CSRF (no cookies
 * are used).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  /**
   * No Spring Security observations at all. Disabling them by name ({@code
   * management.observations.enable.spring.security}) left the observation decorator around each of
   * the chain's filters and around authorization, building no-op observations on every request;
   * with this setting the chain is the plain one (decision 0062-gwaccept2). The request metric
   * ({@code http.server.requests}) and the SECURITY log stay.
   */
  @Bean
  SecurityObservationSettings securityObservationSettings() {
    return SecurityObservationSettings.noObservations();
  }

  @Bean
  SecurityFilterChain api(
      HttpSecurity http,
      BootstrapApiKey bootstrap,
      ApiKeyManager apiKeys,
      ProblemSecurityHandlers problems,
      JwtTenantConverter jwtConverter,
      ObjectProvider<JwtDecoder> jwtDecoder,
      RateLimiter rateLimiter,
      ManagementPortRequestMatcher managementPort)
      throws Exception {
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(
            session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .exceptionHandling(
            exceptions ->
                exceptions.authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(
            new ApiKeyAuthenticationFilter(bootstrap, apiKeys, problems),
            AnonymousAuthenticationFilter.class)
        .addFilterBefore(
            new RateLimitFilter(rateLimiter, problems), ApiKeyAuthenticationFilter.class)
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(managementPort)
                    .permitAll()
                    .requestMatchers("/actuator/health", "/actuator/health/**")
                    .permitAll()
                    .requestMatchers("/actuator/**")
                    .hasRole(AdminAuthentication.ROLE)
                    .requestMatchers(
                        "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                    .permitAll()
                    .requestMatchers("/api/v1/admin/**")
                    .hasRole(AdminAuthentication.ROLE)
                    .requestMatchers("/api/v1/tenant/api-keys", "/api/v1/tenant/api-keys/**")
                    .hasAuthority(ApiKeyScope.ADMIN_KEYS.authority())
                    .requestMatchers("/api/v1/**")
                    .hasAuthority(ApiKeyScope.ISSUE.authority())
                    .anyRequest()
                    .denyAll());
    if (jwtDecoder.getIfAvailable() != null) {
      http.oauth2ResourceServer(
          resourceServer ->
              resourceServer
                  .authenticationEntryPoint(problems)
                  .accessDeniedHandler(problems)
                  .jwt(
                      jwt ->
                          jwt.decoder(jwtDecoder.getObject())
                              .jwtAuthenticationConverter(jwtConverter)));
    }
    return http.build();
  }
}
