package dev.trellis.core.security;

import static dev.trellis.core.security.SecurityFixtures.entriesFor;
import static dev.trellis.core.security.SecurityFixtures.newUser;
import static dev.trellis.core.security.SecurityFixtures.tokens;
import static dev.trellis.core.security.SecurityFixtures.users;
import static dev.trellis.core.testing.CoreContext.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.testing.CoreContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Set;
import org.jooq.Record;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

/** API tokens: shown once, kept as a hash, acting with one role, and dead the moment they are revoked. */
class ApiTokenServiceIT {

    private static Record row(long id) {
        return CoreContext.dsl().selectFrom(table(name("trellis_sys", "api_token")))
                .where(field(name("id"), SQLDataType.BIGINT).eq(id)).fetchSingle();
    }

    @Test
    void aTokenIsShownOnceAndOnlyItsSha256IsKept() throws Exception {
        UserAccount user = newUser("integrator", "sales_rep", "sales_manager");
        IssuedApiToken issued = tokens().create(user.actor(), "ERP sync", "sales_rep", null);

        assertThat(issued.secret()).matches("trl_[A-Za-z0-9_-]{43}");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(issued.secret().getBytes(StandardCharsets.UTF_8)));
        Record stored = row(issued.token().id());
        assertThat(stored.get("token_hash", String.class)).isEqualTo(sha256);
        assertThat(stored.intoMap().values()).noneMatch(v -> v != null && v.toString().contains(issued.secret()));
        assertThat(tokens().list(user.actor())).singleElement().satisfies(t -> {
            assertThat(t.name()).isEqualTo("ERP sync");
            assertThat(t.role()).isEqualTo("sales_rep");
            assertThat(t.username()).isEqualTo(user.username());
        });
        assertThat(entriesFor("token/" + issued.token().id())).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("token.create"));
    }

    @Test
    void aTokenActsAsItsUserWithOnlyItsRole() {
        UserAccount user = newUser("narrowed", "sales_rep", "sales_manager");
        IssuedApiToken issued = tokens().create(user.actor(), "reports", "sales_manager", OffsetDateTime.now().plusDays(1));

        Actor actor = tokens().authenticate(issued.secret(), "10.1.1.1").orElseThrow();
        assertThat(actor.userId()).isEqualTo(user.id());
        assertThat(actor.roles()).containsExactly("sales_manager");
        assertThat(row(issued.token().id()).get("last_used_at")).isNotNull();

        // the last use is noted once a minute, and so is a successful sign-in in the log
        tokens().authenticate(issued.secret(), "10.1.1.1");
        assertThat(entriesFor(user.username())).filteredOn(e -> e.action().equals("login.success")).singleElement()
                .satisfies(e -> {
                    assertThat(e.client()).isEqualTo("10.1.1.1");
                    assertThat(e.detail().get("method").asString()).isEqualTo("token");
                });
    }

    @Test
    void theRoleMustBeTheUsersAndTheExpiryInTheFuture() {
        UserAccount user = newUser("greedy", "sales_rep");
        assertThatThrownBy(() -> tokens().create(user.actor(), " ", "admin", OffsetDateTime.now().minusMinutes(1)))
                .isInstanceOfSatisfying(InvalidException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.code() + " " + p.path())
                        .containsExactlyInAnyOrder("token-name-invalid /name", "token-role-not-held /role",
                                "token-expiry-past /expiresAt"));
    }

    @Test
    void aRevokedTokenIsRefusedAtOnce() {
        UserAccount user = newUser("revoker", "sales_rep");
        IssuedApiToken issued = tokens().create(user.actor(), "short lived", "sales_rep", null);
        assertThat(tokens().authenticate(issued.secret(), null)).isPresent();

        tokens().revoke(user.actor(), issued.token().id());
        assertThat(tokens().authenticate(issued.secret(), "10.2.2.2")).isEmpty();
        tokens().revoke(user.actor(), issued.token().id());
        assertThat(entriesFor("token/" + issued.token().id())).extracting(OperationLogEntry::action)
                .containsExactly("token.revoke", "token.create");
        assertThat(entriesFor(user.username()).get(0)).satisfies(e -> {
            assertThat(e.action()).isEqualTo("login.failure");
            assertThat(e.detail().get("reason").asString()).isEqualTo("revoked");
            assertThat(e.client()).isEqualTo("10.2.2.2");
        });
    }

    @Test
    void anExpiredTokenARoleTakenAwayOrADisabledUserStopTheToken() {
        UserAccount user = newUser("fading", "sales_rep", "sales_manager");
        IssuedApiToken expiring = tokens().create(user.actor(), "expiring", "sales_rep", OffsetDateTime.now().plusDays(1));
        IssuedApiToken managerial = tokens().create(user.actor(), "managerial", "sales_manager", null);
        IssuedApiToken plain = tokens().create(user.actor(), "plain", "sales_rep", null);

        CoreContext.dsl().update(table(name("trellis_sys", "api_token")))
                .set(field(name("expires_at"), SQLDataType.TIMESTAMPWITHTIMEZONE), OffsetDateTime.now().minusSeconds(1))
                .where(field(name("id"), SQLDataType.BIGINT).eq(expiring.token().id())).execute();
        assertThat(tokens().authenticate(expiring.secret(), null)).isEmpty();

        users().update(ADMIN, user.id(), new UserUpdate(null, true, Set.of("sales_rep"), null, null));
        assertThat(tokens().authenticate(managerial.secret(), null)).isEmpty();
        assertThat(tokens().authenticate(plain.secret(), null)).isPresent();

        users().update(ADMIN, user.id(), new UserUpdate(null, false, Set.of("sales_rep"), null, null));
        assertThat(tokens().authenticate(plain.secret(), null)).isEmpty();
        assertThat(entriesFor(user.username())).filteredOn(e -> e.action().equals("login.failure"))
                .extracting(e -> e.detail().get("reason").asString())
                .containsExactly("disabled", "role-not-held", "expired");
    }

    @Test
    void unknownAndMalformedTokensAreRefused() {
        assertThat(tokens().authenticate("trl_" + "A".repeat(43), null)).isEmpty();
        assertThat(tokens().authenticate("not-a-token", null)).isEmpty();
        assertThat(tokens().authenticate(null, null)).isEmpty();
    }

    @Test
    void usersSeeAndRevokeTheirOwnTokensAndAdministratorsEveryones() {
        UserAccount alice = newUser("alice", "sales_rep");
        UserAccount bob = newUser("bob", "sales_rep");
        IssuedApiToken alices = tokens().create(alice.actor(), "alice's", "sales_rep", null);
        IssuedApiToken bobs = tokens().create(bob.actor(), "bob's", "sales_rep", null);

        assertThat(tokens().list(alice.actor())).extracting(ApiToken::id).containsExactly(alices.token().id());
        assertThat(tokens().list(ADMIN)).extracting(ApiToken::id).contains(alices.token().id(), bobs.token().id());
        assertThatThrownBy(() -> tokens().revoke(alice.actor(), bobs.token().id()))
                .isInstanceOf(NotFoundException.class);
        assertThat(tokens().authenticate(bobs.secret(), null)).isPresent();

        tokens().revoke(ADMIN, bobs.token().id());
        assertThat(tokens().authenticate(bobs.secret(), null)).isEmpty();
        assertThat(tokens().list(bob.actor())).singleElement().satisfies(t -> assertThat(t.revokedAt()).isNotNull());
    }
}
