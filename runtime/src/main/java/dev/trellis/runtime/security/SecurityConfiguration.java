package dev.trellis.runtime.security;

import dev.trellis.core.security.UserService;
import dev.trellis.runtime.api.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two doors: the API ({@code /api/**}) takes HTTP Basic on every request and answers failures with
 * problem details; the UI signs in through a login page and keeps a session.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    AuthenticationProvider databaseAuthenticationProvider(UserService users) {
        return new DatabaseAuthenticationProvider(users);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) ->
                        ProblemResponses.write(response, HttpStatus.UNAUTHORIZED, "unauthenticated",
                                "sign in with HTTP Basic: a Trellis username and password", true)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.UNAUTHORIZED, "unauthenticated",
                                "sign in with HTTP Basic: a Trellis username and password", true))
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), false)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain ui(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/error", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                .build();
    }
}
