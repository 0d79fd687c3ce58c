package dev.trellis.rule.trigger.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.ForbiddenException;
import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.core.metadata.spi.MetadataNames;
import dev.trellis.core.security.OperationLog;
import dev.trellis.rule.trigger.WebhookSecrets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code trellis_sys.webhook_secret}. */
public final class SecretStore implements WebhookSecrets {

    static final int MIN_LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final Table<Record> SECRET = table(name("trellis_sys", "webhook_secret"));
    private static final Field<String> APP = field(name("app"), SQLDataType.CLOB);
    private static final Field<String> NAME = field(name("name"), SQLDataType.CLOB);
    private static final Field<String> VALUE = field(name("secret"), SQLDataType.CLOB);
    private static final Field<String> CREATED_BY = field(name("created_by"), SQLDataType.CLOB);
    private static final Field<java.time.OffsetDateTime> CREATED_AT = field(name("created_at"),
            SQLDataType.TIMESTAMPWITHTIMEZONE);

    private final DSLContext dsl;
    private final TransactionTemplate tx;
    private final OperationLog log;

    public SecretStore(DSLContext dsl, TransactionTemplate tx, OperationLog log) {
        this.dsl = dsl;
        this.tx = tx;
        this.log = log;
    }

    Optional<String> find(String app, String name) {
        return dsl.select(VALUE).from(SECRET).where(APP.eq(app), NAME.eq(name)).fetchOptional(VALUE);
    }

    @Override
    public String generate(Actor actor, String app, String name) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        store(actor, app, name, secret, "webhook.secret.generate");
        return secret;
    }

    @Override
    public void set(Actor actor, String app, String name, String secret) {
        if (secret == null || secret.length() < MIN_LENGTH) {
            throw InvalidException.of("secret-too-short", "/secret", "a webhook secret has at least " + MIN_LENGTH
                    + " characters");
        }
        store(actor, app, name, secret, "webhook.secret.set");
    }

    @Override
    public void remove(Actor actor, String app, String name) {
        requireAdmin(actor);
        tx.execute(status -> {
            if (dsl.deleteFrom(SECRET).where(APP.eq(app), NAME.eq(name)).execute() > 0) {
                log.record(actor, "webhook.secret.remove", app + "/" + name, Map.of());
            }
            return null;
        });
    }

    private void store(Actor actor, String app, String name, String secret, String action) {
        requireAdmin(actor);
        List<Problem> problems = new ArrayList<>();
        MetadataNames.check(name, "/name", problems);
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        tx.execute(status -> {
            dsl.insertInto(SECRET, APP, NAME, VALUE, CREATED_BY).values(app, name, secret, actor.username())
                    .onConflict(APP, NAME).doUpdate().set(VALUE, secret).set(CREATED_BY, actor.username())
                    .set(CREATED_AT, DSL.currentOffsetDateTime()).execute();
            log.record(actor, action, app + "/" + name, Map.of()); // never the secret itself
            return null;
        });
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw new ForbiddenException("webhook-secret-forbidden", "only administrators manage webhook secrets");
        }
    }
}
