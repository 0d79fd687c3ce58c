package dev.trellis.runtime.security;

import dev.trellis.core.security.ApiTokenService;
import dev.trellis.core.security.UserService;
import dev.trellis.runtime.api.ProblemResponses;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Two doors. The API ({@code /api/**}) is stateless: HTTP Basic or an API token on every request,
 * failures answered with problem details, no session and so no CSRF to guard. The UI signs in through
 * a login page and keeps a session, which gets a new id at sign-in (so an id planted before cannot be
 * ridden) and needs a CSRF token on every form post; a session ends at the next request once its user
 * is disabled or locked.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /** How long the API remembers a successful password check (see {@link DatabaseAuthenticationProvider}). */
    private static final Duration API_REMEMBER = Duration.ofMinutes(1);

    /**
     * The login page's provider, which remembers nothing. Being the one provider bean, it also keeps
     * Spring Boot from creating its default in-memory user.
     */
    @Bean
    AuthenticationProvider databaseAuthenticationProvider(UserService users) {
        return new DatabaseAuthenticationProvider(users, Duration.ZERO);
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, UserService users, ApiTokenService tokens) throws Exception {
        ApiAuthenticationFailure failure = new ApiAuthenticationFailure();
        return http.securityMatcher("/api/**")
                .authenticationManager(new ProviderManager(new DatabaseAuthenticationProvider(users, API_REMEMBER)))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .addFilterBefore(new ApiTokenFilter(tokens), BasicAuthenticationFilter.class)
                .httpBasic(basic -> basic.authenticationEntryPoint(failure))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(failure)
                        .accessDeniedHandler((request, response, e) -> ProblemResponses.write(response,
                                HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), false)))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain ui(HttpSecurity http, UserService users) throws Exception {
        return http
                .addFilterBefore(new SessionAccountFilter(users), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/login", "/error", "/favicon.ico").permitAll()
                        .anyRequest().authenticated())
                .formLogin(Customizer.withDefaults())
                .logout(Customizer.withDefaults())
                // both are Spring Security's defaults; stated so that no later change drops them unnoticed
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .csrf(Customizer.withDefaults())
                .build();
    }
}
