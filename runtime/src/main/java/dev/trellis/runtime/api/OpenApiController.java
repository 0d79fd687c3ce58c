package dev.trellis.runtime.api;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/** The OpenAPI document of an app's current published generation, generated once per generation. */
@RestController
class OpenApiController {

    private record OpenApiKey() {
    }

    private final MetadataService metadata;

    OpenApiController(MetadataService metadata) {
        this.metadata = metadata;
    }

    @GetMapping("/api/v1/apps/{app}/openapi.json")
    ObjectNode openApi(@PathVariable String app) {
        PublishedApp published = metadata.published(app);
        return published.compiled(new OpenApiKey(), OpenApiGenerator::generate);
    }
}
