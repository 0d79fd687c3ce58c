package dev.trellis.runtime.api;

import dev.trellis.core.Problem;
import dev.trellis.core.json.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem details as Trellis writes them: the standard members plus {@code code} (stable,
 * kebab-case) and {@code problems}, every problem with the JSON path it concerns.
 */
public final class ProblemResponses {

    public static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private ProblemResponses() {
    }

    public static Map<String, Object> body(HttpStatus status, String code, String detail, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:trellis:problem:" + code);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        body.put("code", code);
        body.put("problems", problems.stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", p.code());
            m.put("path", p.path());
            m.put("message", p.message());
            if (!p.args().isEmpty()) {
                m.put("args", p.args());
            }
            return m;
        }).toList());
        return body;
    }

    public static ResponseEntity<Object> entity(HttpStatus status, String code, String detail, List<Problem> problems) {
        return ResponseEntity.status(status).contentType(PROBLEM_JSON).body(body(status, code, detail, problems));
    }

    /** For filters outside Spring MVC (authentication failures). */
    public static void write(HttpServletResponse response, HttpStatus status, String code, String detail,
            boolean challenge) throws IOException {
        response.setStatus(status.value());
        response.setContentType(PROBLEM_JSON.toString());
        response.setCharacterEncoding("UTF-8");
        if (challenge) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Trellis\"");
        }
        response.getWriter().write(Json.write(body(status, code, detail, List.of())));
    }
}
