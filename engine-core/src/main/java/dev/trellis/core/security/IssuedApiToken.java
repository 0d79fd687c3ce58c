package dev.trellis.core.security;

/** A token just created, with its secret: the only time the secret is shown. */
public record IssuedApiToken(ApiToken token, String secret) {
}
