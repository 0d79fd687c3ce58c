package dev.trellis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Runs the README's curl tour, exactly as written, against a live Trellis, so the README stays true. */
class ReadmeTourIT extends ApiTest {

    @Test
    void theReadmeTourWorksAsWritten() throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"));
        String block = readme.substring(readme.indexOf("<!-- tour:begin -->"), readme.indexOf("<!-- tour:end -->"));
        String script = block.substring(block.indexOf("```bash") + 7, block.lastIndexOf("```"))
                // the reader exports the address and password by hand; the test brings its own
                .replaceFirst("(?m)^export TRELLIS=.*$", "");
        ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .directory(root.toFile())
                .redirectErrorStream(true);
        builder.environment().put("TRELLIS", "http://localhost:" + port);
        builder.environment().put("TRELLIS_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process bash = builder.start();
        bash.getOutputStream().close();
        String output;
        try (var in = bash.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("\"status\":\"draft\"")
                .contains("\"path\":\"/fields/0/name\"", "\"code\":\"name-reserved\"", "\"code\":\"lookup-target-unknown\"")
                .contains("\"action\":\"CREATE_TABLE\"")
                .contains("\"generation\":1")
                .contains("\"order_no\":\"SO-")
                .contains("\"total\":1", "\"_expanded\":{\"partner\"")
                .contains("\"path\":\"/amount\"", "\"path\":\"/order_date\"", "\"path\":\"/colour\"")
                .contains("\"status\":\"submitted\"", "\"version\":2")
                .contains("\"action\":\"update\"", "\"oldValue\":\"draft\"", "\"newValue\":\"submitted\"")
                .contains("\"openapi\":\"3.1.0\"")
                .contains("\"generation\":2", "\"username\":\"li.acme\"")
                .contains("\"code\":\"record-not-found\"")
                .contains("\"path\":\"/partner\"", "\"code\":\"lookup-forbidden\"")
                .contains("\"path\":\"/credit_limit\"", "\"code\":\"field-forbidden\"")
                .contains("\"hiddenFields\":[\"cost\"]");
        // the partner user's page of orders carries only Acme's order, without the internal cost
        String page = output.lines().filter(l -> l.contains("\"total\":1") && !l.contains("_expanded")).findFirst()
                .orElseThrow();
        assertThat(page).contains("\"partner\":1").doesNotContain("\"cost\"").doesNotContain("\"partner\":2");
    }
}
