package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.security.ApiToken;
import dev.trellis.core.security.ApiTokenService;
import dev.trellis.core.security.IssuedApiToken;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** API tokens of the signed-in user (administrators see and revoke everyone's). */
@RestController
@RequestMapping("/api/v1/tokens")
class ApiTokenController {

    /** @param expiresAt when the token stops working; none for a token that lasts until revoked */
    record TokenRequest(String name, String role, OffsetDateTime expiresAt) {
    }

    private final ApiTokenService tokens;

    ApiTokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    /** The answer carries the secret, this once. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    IssuedApiToken create(Actor actor, @RequestBody TokenRequest request) {
        return tokens.create(actor, request.name(), request.role(), request.expiresAt());
    }

    @GetMapping
    List<ApiToken> list(Actor actor) {
        return tokens.list(actor);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(Actor actor, @PathVariable long id) {
        tokens.revoke(actor, id);
    }
}
