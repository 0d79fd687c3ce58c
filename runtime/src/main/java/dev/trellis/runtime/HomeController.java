package dev.trellis.runtime;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.runtime.security.TrellisPrincipal;
import java.util.stream.Collectors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The signed-in landing page: who you are and the apps with their API documents. The studio and the
 * generated apps (Vaadin) replace it in the designer and runtime-UI issues.
 */
@RestController
class HomeController {

    private final MetadataService metadata;

    HomeController(MetadataService metadata) {
        this.metadata = metadata;
    }

    @GetMapping(value = "/", produces = "text/html;charset=UTF-8")
    String home(@AuthenticationPrincipal TrellisPrincipal principal) {
        String apps = metadata.apps().stream()
                .map(app -> "<li><b>" + HtmlUtils.htmlEscape(app) + "</b> — <a href=\"/api/v1/apps/"
                        + HtmlUtils.htmlEscape(app) + "/openapi.json\">OpenAPI</a></li>")
                .collect(Collectors.joining());
        return """
                <!doctype html><html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>Trellis</title>
                <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;color:#1f2933}
                h1{color:#0b6e4f}a{color:#0b6e4f}</style></head><body>
                <h1>Trellis</h1><p>Signed in as <b>%s</b>. <a href="/logout">Sign out</a></p>
                <h2>Apps</h2><ul>%s</ul>
                <p>The REST API is under <code>/api/v1</code>; see the README for a tour.</p>
                </body></html>""".formatted(HtmlUtils.htmlEscape(principal.getName()),
                apps.isEmpty() ? "<li>No apps yet.</li>" : apps);
    }
}
