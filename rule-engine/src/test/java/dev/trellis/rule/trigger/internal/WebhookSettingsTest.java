package dev.trellis.rule.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import java.util.Map;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySourcesPropertyResolver;

class WebhookSettingsTest {

    @Test
    void theBackoffDoublesAfterEachFailureUpToTheMaximum() {
        WebhookSettings settings = new WebhookSettings(Duration.ofSeconds(1), false, 10, Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofSeconds(10));
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.backoff(3)).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.backoff(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(settings.backoff(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.backoff(60)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void settingsComeFromTheEnvironmentWithDefaults() {
        WebhookSettings settings = WebhookSettings.from(settings(Map.of(
                "trellis.webhooks.allow-private-addresses", "true", "trellis.webhooks.initial-backoff", "PT0.5S")));
        assertThat(settings.allowPrivateAddresses()).isTrue();
        assertThat(settings.initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(settings.maxAttempts()).isEqualTo(WebhookSettings.DEFAULT.maxAttempts());
        assertThat(WebhookSettings.from(settings(Map.of()))).isEqualTo(WebhookSettings.DEFAULT);
        assertThatThrownBy(() -> WebhookSettings.from(settings(Map.of("trellis.webhooks.timeout", "10s"))))
                .hasMessageContaining("ISO-8601");
    }

    private static PropertyResolver settings(Map<String, Object> values) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new MapPropertySource("test", values));
        return new PropertySourcesPropertyResolver(sources);
    }
}
