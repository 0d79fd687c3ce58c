package dev.trellis.runtime.api;

import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.FieldDefinition;
import dev.trellis.core.metadata.ObjectDefinition;
import dev.trellis.core.metadata.PicklistValue;
import dev.trellis.core.metadata.PublishedApp;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes an OpenAPI 3.1 document for one published generation of an app: a schema per object (the
 * record as read, and the input to create it) and the record endpoints of each object. The platform's own
 * endpoints (users, departments, tokens, operation log) are not an app's and are listed in the README.
 */
final class OpenApiGenerator {

    private OpenApiGenerator() {
    }

    static ObjectNode generate(PublishedApp app) {
        ObjectNode doc = Json.object();
        doc.put("openapi", "3.1.0");
        ObjectNode info = doc.putObject("info");
        info.put("title", app.definition().label().getOrDefault("en", app.name()) + " API");
        info.put("version", "generation " + app.generation());
        if (app.definition().description() != null) {
            info.put("description", app.definition().description());
        }
        doc.putArray("servers").addObject().put("url", "/");
        // either one: a username and password, or an API token acting with one role of its user
        ArrayNode security = doc.putArray("security");
        security.addObject().putArray("basic");
        security.addObject().putArray("token");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemes = components.putObject("securitySchemes");
        schemes.putObject("basic").put("type", "http").put("scheme", "basic");
        schemes.putObject("token").put("type", "http").put("scheme", "bearer")
                .put("description", "an API token (trl_…) from POST /api/v1/tokens");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("Problem", problemSchema());
        schemas.set("AuditPage", auditPageSchema());
        ObjectNode paths = doc.putObject("paths");
        app.objects().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach(object -> {
            String type = typeName(object.name());
            schemas.set(type, recordSchema(object));
            schemas.set(type + "Input", inputSchema(object, true));
            schemas.set(type + "Patch", inputSchema(object, false));
            schemas.set(type + "Page", pageSchema(type));
            addPaths(paths, app.name(), object, type);
        });
        return doc;
    }

    private static void addPaths(ObjectNode paths, String app, ObjectDefinition object, String type) {
        String base = "/api/v1/apps/" + app + "/records/" + object.name();
        String o = object.name();
        ObjectNode collection = paths.putObject(base);
        ObjectNode list = operation(collection, "get", "list_" + o, "List " + o + " records, by keyset pages", o);
        param(list, "limit", "query", "integer", false);
        param(list, "after", "query", "string", false);
        param(list, "sort", "query", "string", false);
        param(list, "expand", "query", "string", false);
        param(list, "count", "query", "boolean", false);
        response(list, "200", "A page of records", "#/components/schemas/" + type + "Page");
        ObjectNode create = operation(collection, "post", "create_" + o, "Create a " + o + " record", o);
        body(create, "#/components/schemas/" + type + "Input");
        response(create, "201", "The created record", "#/components/schemas/" + type);

        ObjectNode query = operation(paths.putObject(base + "/query"), "post", "query_" + o,
                "Query " + o + " records with nested filters", o);
        query.putObject("requestBody").put("required", false).putObject("content").putObject("application/json")
                .putObject("schema").put("type", "object");
        response(query, "200", "A page of records", "#/components/schemas/" + type + "Page");

        ObjectNode bulk = operation(paths.putObject(base + "/bulk"), "post", "bulk_create_" + o,
                "Create many " + o + " records: all or none", o);
        ObjectNode bulkBody = Json.object().put("type", "object");
        bulkBody.putArray("required").add("records");
        bulkBody.putObject("properties").putObject("records").put("type", "array").putObject("items")
                .put("$ref", "#/components/schemas/" + type + "Input");
        bulk.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                .set("schema", bulkBody);
        ObjectNode bulkResult = Json.object().put("type", "object");
        ObjectNode bulkProps = bulkResult.putObject("properties");
        bulkProps.putObject("created").put("type", "integer");
        bulkProps.putObject("ids").put("type", "array").putObject("items").put("type", "integer").put("format", "int64");
        responseSchema(bulk, "201", "Ids of the created records", bulkResult);

        ObjectNode item = paths.putObject(base + "/{id}");
        item.putArray("parameters").add(pathId());
        ObjectNode get = operation(item, "get", "get_" + o, "Read a " + o + " record", o);
        param(get, "expand", "query", "string", false);
        response(get, "200", "The record", "#/components/schemas/" + type);
        ObjectNode patch = operation(item, "patch", "update_" + o, "Change fields of a " + o
                + " record; send the version you read", o);
        body(patch, "#/components/schemas/" + type + "Patch");
        response(patch, "200", "The updated record", "#/components/schemas/" + type);
        ObjectNode delete = operation(item, "delete", "delete_" + o, "Delete a " + o + " record", o);
        param(delete, "version", "query", "integer", false);
        ((ObjectNode) delete.get("responses")).putObject("204").put("description", "Deleted");

        ObjectNode history = paths.putObject(base + "/{id}/history");
        history.putArray("parameters").add(pathId());
        ObjectNode h = operation(history, "get", "history_" + o, "The audit history of a " + o + " record", o);
        param(h, "field", "query", "string", false);
        param(h, "limit", "query", "integer", false);
        param(h, "before", "query", "integer", false);
        response(h, "200", "Audit entries, newest first", "#/components/schemas/AuditPage");

        ObjectNode permissions = operation(paths.putObject(base + "/permissions"), "get", "permissions_" + o,
                "What the signed-in user may do with " + o + " records, and the fields they may not see or set", o);
        ObjectNode permissionsSchema = Json.object().put("type", "object");
        ObjectNode permissionProps = permissionsSchema.putObject("properties");
        for (String flag : new String[] {"create", "read", "edit", "delete", "export"}) {
            permissionProps.putObject(flag).put("type", "boolean");
        }
        for (String fieldList : new String[] {"hiddenFields", "readOnlyFields"}) {
            permissionProps.putObject(fieldList).put("type", "array").putObject("items").put("type", "string");
        }
        responseSchema(permissions, "200", "The user's permissions on the object", permissionsSchema);

        ObjectNode shareSchema = Json.object().put("type", "object");
        ObjectNode shareProps = shareSchema.putObject("properties");
        shareProps.putObject("userId").put("type", "integer").put("format", "int64");
        shareProps.putObject("username").put("type", "string");
        shareProps.putObject("access").putArray("enum").add("read").add("edit");
        shareProps.putObject("sharedBy").put("type", "integer").put("format", "int64");
        shareProps.putObject("sharedAt").put("type", "string").put("format", "date-time");
        ObjectNode shareList = Json.object().put("type", "array").set("items", shareSchema);
        ObjectNode shares = paths.putObject(base + "/{id}/shares");
        shares.putArray("parameters").add(pathId());
        responseSchema(operation(shares, "get", "shares_" + o, "The manual shares of a " + o + " record", o), "200",
                "Users the record is shared with", shareList);
        ObjectNode oneShare = paths.putObject(base + "/{id}/shares/{userId}");
        oneShare.putArray("parameters").add(pathId()).add(pathId().put("name", "userId"));
        ObjectNode put = operation(oneShare, "put", "share_" + o, "Share a " + o + " record with a user", o);
        ObjectNode accessBody = Json.object().put("type", "object");
        accessBody.putArray("required").add("access");
        accessBody.putObject("properties").putObject("access").putArray("enum").add("read").add("edit");
        put.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                .set("schema", accessBody);
        responseSchema(put, "200", "Users the record is shared with", shareList);
        ObjectNode unshare = operation(oneShare, "delete", "unshare_" + o, "Take a share back", o);
        ((ObjectNode) unshare.get("responses")).putObject("204").put("description", "Unshared");
    }

    private static ObjectNode operation(ObjectNode path, String method, String id, String summary, String tag) {
        ObjectNode op = path.putObject(method);
        op.put("operationId", id);
        op.put("summary", summary);
        op.putArray("tags").add(tag);
        ObjectNode responses = op.putObject("responses");
        for (String status : new String[] {"400", "401", "403", "404", "409"}) {
            responses.putObject(status).put("description", "A problem (RFC 9457)").putObject("content")
                    .putObject("application/problem+json").putObject("schema")
                    .put("$ref", "#/components/schemas/Problem");
        }
        return op;
    }

    private static ObjectNode pathId() {
        ObjectNode p = Json.object().put("name", "id").put("in", "path").put("required", true);
        p.putObject("schema").put("type", "integer").put("format", "int64");
        return p;
    }

    private static void param(ObjectNode op, String name, String in, String type, boolean required) {
        ArrayNode params = op.has("parameters") ? (ArrayNode) op.get("parameters") : op.putArray("parameters");
        ObjectNode p = params.addObject().put("name", name).put("in", in).put("required", required);
        p.putObject("schema").put("type", type);
    }

    private static void body(ObjectNode op, String ref) {
        op.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                .putObject("schema").put("$ref", ref);
    }

    private static void response(ObjectNode op, String status, String description, String ref) {
        responseSchema(op, status, description, Json.object().put("$ref", ref));
    }

    private static void responseSchema(ObjectNode op, String status, String description, ObjectNode schema) {
        ((ObjectNode) op.get("responses")).putObject(status).put("description", description).putObject("content")
                .putObject("application/json").set("schema", schema);
    }

    private static ObjectNode recordSchema(ObjectDefinition object) {
        ObjectNode schema = Json.object().put("type", "object");
        schema.put("title", object.label().getOrDefault("en", object.name()));
        ObjectNode props = schema.putObject("properties");
        props.putObject("id").put("type", "integer").put("format", "int64");
        props.putObject("created_at").put("type", "string").put("format", "date-time");
        props.putObject("created_by").put("type", "integer").put("format", "int64");
        props.putObject("updated_at").put("type", "string").put("format", "date-time");
        props.putObject("updated_by").put("type", "integer").put("format", "int64");
        props.putObject("owner_id").put("type", "integer").put("format", "int64");
        props.putObject("version").put("type", "integer");
        object.fields().forEach(f -> props.set(f.name(), fieldSchema(f, true)));
        props.putObject("_expanded").put("type", "object").put("description", "Expanded lookups, by field name");
        schema.putArray("required").add("id").add("version");
        return schema;
    }

    private static ObjectNode inputSchema(ObjectDefinition object, boolean create) {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode required = Json.MAPPER.createArrayNode();
        if (!create) {
            props.putObject("version").put("type", "integer").put("description", "The version you read");
            required.add("version");
        }
        props.putObject("owner_id").put("type", "integer").put("format", "int64");
        for (FieldDefinition f : object.fields()) {
            if (f.type() == dev.trellis.core.metadata.FieldType.AUTO_NUMBER) {
                continue;
            }
            props.set(f.name(), fieldSchema(f, !f.required() || !create));
            if (create && f.required() && f.defaultValue() == null) {
                required.add(f.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    private static ObjectNode fieldSchema(FieldDefinition f, boolean nullable) {
        ObjectNode s = Json.object();
        String type = switch (f.type()) {
            case INTEGER, LOOKUP, MASTER_DETAIL, ATTACHMENT, IMAGE -> "integer";
            case DECIMAL, CURRENCY, PERCENT -> "number";
            case BOOLEAN -> "boolean";
            case MULTI_PICKLIST -> "array";
            case JSON -> null;
            default -> "string";
        };
        if (type != null) {
            if (nullable) {
                s.putArray("type").add(type).add("null");
            } else {
                s.put("type", type);
            }
        }
        switch (f.type()) {
            case INTEGER -> s.put("format", "int64");
            case LOOKUP, MASTER_DETAIL -> s.put("format", "int64").put("description", "id of a " + f.target() + " record");
            case ATTACHMENT, IMAGE -> s.put("format", "int64").put("description", "id of an uploaded file (POST /attachments)");
            case DATE -> s.put("format", "date");
            case DATETIME -> s.put("format", "date-time");
            case EMAIL -> s.put("format", "email");
            case URL -> s.put("format", "uri");
            case TEXT, PHONE, AUTO_NUMBER -> s.put("maxLength", f.effectiveMaxLength());
            case PICKLIST -> {
                ArrayNode values = s.putArray("enum");
                f.values().stream().map(PicklistValue::value).forEach(values::add);
                if (nullable) {
                    values.addNull();
                }
            }
            case MULTI_PICKLIST -> {
                ArrayNode values = s.putObject("items").put("type", "string").putArray("enum");
                f.values().stream().map(PicklistValue::value).forEach(values::add);
            }
            default -> {
            }
        }
        String label = f.label().get("en");
        if (f.helpText() != null || label != null) {
            s.put("description", (label == null ? "" : label) + (f.helpText() == null ? "" : " — " + f.helpText()));
        }
        return s;
    }

    private static ObjectNode pageSchema(String type) {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("records").put("type", "array").putObject("items").put("$ref", "#/components/schemas/" + type);
        props.putObject("next").putArray("type").add("string").add("null");
        props.putObject("total").putArray("type").add("integer").add("null");
        return schema;
    }

    private static ObjectNode problemSchema() {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        for (String s : new String[] {"type", "title", "detail", "code"}) {
            props.putObject(s).put("type", "string");
        }
        props.putObject("status").put("type", "integer");
        ObjectNode problem = props.putObject("problems").put("type", "array").putObject("items").put("type", "object");
        ObjectNode pp = problem.putObject("properties");
        pp.putObject("code").put("type", "string");
        pp.putObject("path").put("type", "string").put("description", "JSON pointer of the offending value");
        pp.putObject("message").put("type", "string");
        return schema;
    }

    private static ObjectNode auditPageSchema() {
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ObjectNode entry = props.putObject("entries").put("type", "array").putObject("items").put("type", "object");
        ObjectNode ep = entry.putObject("properties");
        ep.putObject("id").put("type", "integer").put("format", "int64");
        ep.putObject("action").put("type", "string").putArray("enum").add("create").add("update").add("delete");
        ep.putObject("actor").put("type", "string");
        ep.putObject("at").put("type", "string").put("format", "date-time");
        ObjectNode change = ep.putObject("changes").put("type", "array").putObject("items").put("type", "object");
        ObjectNode cp = change.putObject("properties");
        cp.putObject("field").put("type", "string");
        cp.putObject("oldValue");
        cp.putObject("newValue");
        props.putObject("before").putArray("type").add("integer").add("null");
        return schema;
    }

    /** {@code sales_order} → {@code SalesOrder}. */
    static String typeName(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return sb.toString();
    }
}
