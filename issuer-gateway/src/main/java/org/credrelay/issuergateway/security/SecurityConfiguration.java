package org.credrelay.issuergateway.security;

import org.credrelay.issuergateway.tenant.store.ApiKeyStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Who may call what. Without credentials only health, info, prometheus and the API docs answer.
 * {@code /api/v1/admin/**} needs the bootstrap key; everything else a tenant (API key, or a bearer
 * JWT when a {@link JwtDecoder} is configured via {@code spring.security.oauth2.resourceserver.jwt.*}).
 * Stateless; no sessions, no CSRF (no cookies are used).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

  @Bean
  SecurityFilterChain api(HttpSecurity http, BootstrapApiKey bootstrap, ApiKeyStore apiKeys,
      ProblemSecurityHandlers problems, JwtTenantConverter jwtConverter,
      ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
    http.csrf(csrf -> csrf.disable())
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(basic -> basic.disable())
        .formLogin(form -> form.disable())
        .logout(logout -> logout.disable())
        .requestCache(cache -> cache.disable())
        .exceptionHandling(exceptions -> exceptions
            .authenticationEntryPoint(problems).accessDeniedHandler(problems))
        .addFilterBefore(new ApiKeyAuthenticationFilter(bootstrap, apiKeys, problems),
            AnonymousAuthenticationFilter.class)
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                "/actuator/prometheus").permitAll()
            .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                "/swagger-ui/**").permitAll()
            .requestMatchers("/api/v1/admin/**").hasRole(AdminAuthentication.ROLE)
            .requestMatchers("/api/v1/**").hasRole(TenantAuthentication.ROLE)
            .anyRequest().denyAll());
    if (jwtDecoder.getIfAvailable() != null) {
      http.oauth2ResourceServer(resourceServer -> resourceServer
          .authenticationEntryPoint(problems).accessDeniedHandler(problems)
          .jwt(jwt -> jwt.decoder(jwtDecoder.getObject()).jwtAuthenticationConverter(jwtConverter)));
    }
    return http.build();
  }
}
