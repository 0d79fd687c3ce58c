package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.security.OperationLogPage;
import dev.trellis.core.security.OperationLogReader;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The operation log for administrators: sign-ins, user, token and department changes, permission publishes. */
@RestController
class OperationLogController {

    private final OperationLogReader log;

    OperationLogController(OperationLogReader log) {
        this.log = log;
    }

    @GetMapping("/api/v1/operation-log")
    OperationLogPage read(Actor actor, @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) Long before) {
        return log.read(actor, action, limit, before);
    }
}
