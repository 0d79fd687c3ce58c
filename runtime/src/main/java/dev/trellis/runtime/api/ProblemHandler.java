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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The one place exceptions become HTTP statuses; every answer is a problem document. */
@RestControllerAdvice
class ProblemHandler {

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

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        return ProblemResponses.entity(HttpStatus.BAD_REQUEST, "body-unreadable",
                "the request body is not valid JSON: " + cause.getMessage(), List.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> mismatch(MethodArgumentTypeMismatchException e) {
        String message = "'" + e.getValue() + "' is not a valid " + e.getName();
        return ProblemResponses.entity(HttpStatus.BAD_REQUEST, "parameter-invalid", message,
                List.of(Problem.of("parameter-invalid", e.getName(), message)));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Object> missingParameter(MissingServletRequestParameterException e) {
        return ProblemResponses.entity(HttpStatus.BAD_REQUEST, "parameter-missing", e.getMessage(),
                List.of(Problem.of("parameter-missing", e.getParameterName(), e.getMessage())));
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Object> missingHeader(MissingRequestHeaderException e) {
        return ProblemResponses.entity(HttpStatus.BAD_REQUEST, "header-missing", e.getMessage(), List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e) {
        return ProblemResponses.entity(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", e.getMessage(), List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e) {
        return ProblemResponses.entity(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "media-type-unsupported",
                "send JSON with Content-Type: application/json", List.of());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Object> noResource(NoResourceFoundException e) {
        return ProblemResponses.entity(HttpStatus.NOT_FOUND, "not-found", "no such endpoint: /" + e.getResourcePath(),
                List.of());
    }

    /** A bug of ours; the log has the stack trace, the caller a neutral message. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e) {
        log.error("unexpected error", e);
        return ProblemResponses.entity(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "an unexpected error occurred; it has been logged", List.of());
    }
}
