package dev.trellis.runtime.api;

import dev.trellis.core.ConflictException;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.Problem;
import dev.trellis.core.TrellisException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/**
 * The one place exceptions become HTTP statuses; every answer is a problem document. Spring MVC's own
 * request errors keep the status its base handler gives them and get a Trellis body and code.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(TrellisException.class)
    ResponseEntity<Object> trellis(TrellisException e) {
        HttpStatus status = switch (e) {
            case InvalidException x -> HttpStatus.BAD_REQUEST;
            case NotFoundException x -> HttpStatus.NOT_FOUND;
            case ConflictException x -> HttpStatus.CONFLICT;
            case ForbiddenException x -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.BAD_REQUEST;
        };
        return ProblemResponses.entity(status, e.code(), e.getMessage(), e.problems());
    }

    /** JSON that parsed but could not be read where it was used. */
    @ExceptionHandler(JacksonException.class)
    ResponseEntity<Object> json(JacksonException e) {
        return ProblemResponses.entity(HttpStatus.BAD_REQUEST, "body-unreadable",
                "the request body could not be read: " + e.getOriginalMessage(), List.of());
    }

    /** A bug of ours; the log has the stack trace, the caller a neutral message. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected error", e);
        return ProblemResponses.entity(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "an unexpected error occurred; it has been logged", List.of());
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.valueOf(statusCode.value());
        return switch (e) {
            case HttpMessageNotReadableException x -> ProblemResponses.entity(status, "body-unreadable",
                    "the request body is not valid JSON: " + x.getMostSpecificCause().getMessage(), List.of());
            case TypeMismatchException x -> {
                String message = "'" + x.getValue() + "' is not a valid " + x.getPropertyName();
                yield ProblemResponses.entity(status, "parameter-invalid", message,
                        List.of(Problem.of("parameter-invalid", String.valueOf(x.getPropertyName()), message)));
            }
            case MissingServletRequestParameterException x -> ProblemResponses.entity(status, "parameter-missing",
                    x.getMessage(), List.of(Problem.of("parameter-missing", x.getParameterName(), x.getMessage())));
            case HttpRequestMethodNotSupportedException x -> ProblemResponses.entity(status, "method-not-allowed",
                    x.getMessage(), List.of());
            case HttpMediaTypeNotSupportedException x -> ProblemResponses.entity(status, "media-type-unsupported",
                    "send JSON with Content-Type: application/json", List.of());
            case HttpMediaTypeNotAcceptableException x -> ProblemResponses.entity(status, "not-acceptable",
                    "Trellis answers in JSON", List.of());
            case NoResourceFoundException x -> ProblemResponses.entity(status, "not-found",
                    "no such endpoint: /" + x.getResourcePath(), List.of());
            default -> ProblemResponses.entity(status, "request-invalid", e.getMessage(), List.of());
        };
    }
}
