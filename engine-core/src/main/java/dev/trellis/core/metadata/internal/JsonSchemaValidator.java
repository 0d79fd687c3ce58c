package dev.trellis.core.metadata.internal;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import dev.trellis.core.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Validates metadata documents against the kinds' JSON Schemas (draft 2020-12). Schemas are loaded
 * once from the classpath; schema ids under {@code https://trellis.dev/schemas/} resolve there too, so
 * nothing is fetched over a network.
 */
final class JsonSchemaValidator {

    private static final String ID_PREFIX = "https://trellis.dev/schemas/";
    private static final Set<String> PROPERTY_KEYWORDS = Set.of("required", "additionalProperties", "propertyNames",
            "unevaluatedProperties", "dependentRequired");

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder
                    .schemaRegistryConfig(SchemaRegistryConfig.builder()
                            .pathType(PathType.JSON_POINTER)
                            .formatAssertionsEnabled(true)
                            .build())
                    .schemaIdResolvers(ids -> ids.mapPrefix(ID_PREFIX, "classpath:trellis/schemas/")));
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    List<Problem> validate(String schemaResource, JsonNode document) {
        Schema schema = schemas.computeIfAbsent(schemaResource,
                resource -> registry.getSchema(SchemaLocation.of(ID_PREFIX + resource)));
        return schema.validate(document).stream().map(JsonSchemaValidator::problem).toList();
    }

    /**
     * The validator reports a missing, unknown or badly named property at the object that holds it;
     * the analyst wants to be pointed at the property itself ({@code /fields/0/requird}).
     */
    private static Problem problem(Error error) {
        String path = error.getInstanceLocation().toString();
        String keyword = error.getKeyword() == null ? "invalid" : error.getKeyword();
        String code = "schema-" + keyword.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
        String property = error.getProperty();
        if (property != null && PROPERTY_KEYWORDS.contains(keyword)) {
            return new Problem(code, path + "/" + property.replace("~", "~0").replace("/", "~1"), error.getMessage(),
                    Map.of("property", property));
        }
        return new Problem(code, path, error.getMessage(), Map.of());
    }
}
