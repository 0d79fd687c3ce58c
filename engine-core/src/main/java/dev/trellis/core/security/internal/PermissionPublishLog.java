package dev.trellis.core.security.internal;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.MetadataPublishedEvent;
import dev.trellis.core.security.OperationLog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Record5;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Logs a publish that changed who may do what: roles, permission sets, or objects (whose sharing settings
 * decide record access) as {@code permissions.publish}, with the app and the items published.
 *
 * <p>The event names only the app and the generation, so the items are read back from the metadata
 * store: a publish marks its versions published and records its generation in one transaction, and
 * both timestamps are that transaction's {@code now()}; equal timestamps pick out exactly the versions
 * of this generation.
 */
public final class PermissionPublishLog {

    private static final Logger logger = LoggerFactory.getLogger(PermissionPublishLog.class);
    private static final Set<String> KINDS = Set.of("role", "permission_set", "object");

    private static final Table<Record> VERSION = table(name("trellis_meta", "metadata_version")).as("v");
    private static final Table<Record> GENERATION = table(name("trellis_meta", "app_generation")).as("g");
    private static final Table<Record> USER = table(name("trellis_sys", "app_user")).as("u");
    private static final Field<String> KIND = field(name("v", "kind"), SQLDataType.CLOB);
    private static final Field<String> NAME = field(name("v", "name"), SQLDataType.CLOB);
    private static final Field<Integer> VERSION_NO = field(name("v", "version"), SQLDataType.INTEGER);
    private static final Field<Boolean> DELETED = field(name("v", "body"), SQLDataType.JSONB).isNull();
    private static final Field<String> PUBLISHED_BY = field(name("g", "published_by"), SQLDataType.CLOB);
    private static final Field<Long> USER_ID = field(name("u", "id"), SQLDataType.BIGINT);

    private final DSLContext dsl;
    private final OperationLog log;
    private final TransactionTemplate tx;

    /**
     * The event comes while the publish's transaction is finishing: its connection is still bound, so
     * the entry is written in a transaction of its own, as Spring asks of after-commit work.
     */
    public PermissionPublishLog(DSLContext dsl, OperationLog log, PlatformTransactionManager transactions) {
        this.dsl = dsl;
        this.log = log;
        this.tx = new TransactionTemplate(transactions);
        this.tx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Runs after the publish committed. A failure here is logged, not thrown: the publish stands, and
     * throwing would tell its caller otherwise.
     */
    @EventListener
    public void onPublished(MetadataPublishedEvent event) {
        try {
            tx.executeWithoutResult(status -> record(event));
        } catch (RuntimeException e) {
            logger.error("could not write the operation log entry of publish {} of app {}", event.generation(),
                    event.app(), e);
        }
    }

    private void record(MetadataPublishedEvent event) {
        List<Record5<String, String, Integer, Boolean, String>> items = dsl
                .select(KIND, NAME, VERSION_NO, DELETED, PUBLISHED_BY)
                .from(GENERATION)
                .join(VERSION).on(field(name("v", "app")).eq(field(name("g", "app"))),
                        field(name("v", "published_at")).eq(field(name("g", "published_at"))))
                .where(field(name("g", "app"), SQLDataType.CLOB).eq(event.app()),
                        field(name("g", "generation"), SQLDataType.INTEGER).eq(event.generation()),
                        KIND.in(KINDS))
                .orderBy(KIND, NAME)
                .fetch();
        if (items.isEmpty()) {
            return;
        }
        String publishedBy = items.get(0).get(PUBLISHED_BY);
        Long userId = dsl.select(USER_ID).from(USER).where(field(name("u", "username"), SQLDataType.CLOB).eq(publishedBy))
                .fetchOptional(USER_ID).orElse(null);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("generation", event.generation());
        detail.put("items", items.stream().map(r -> Map.of("kind", r.get(KIND), "name", r.get(NAME),
                "version", r.get(VERSION_NO), "deleted", r.get(DELETED))).toList());
        // the publisher by name; their roles do not matter to the log, only who it was
        Actor publisher = userId == null ? null : new Actor(userId, publishedBy, Set.of());
        log.record(publisher, publishedBy, null, "permissions.publish", event.app(), detail);
    }
}
