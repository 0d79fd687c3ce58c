package dev.trellis.core.security;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import dev.trellis.core.testing.CoreContext;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.impl.SQLDataType;

/** What the security tests share: the services, fresh users with unique names, and the operation log. */
final class SecurityFixtures {

    static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private SecurityFixtures() {
    }

    static UserService users() {
        return CoreContext.get().getBean(UserService.class);
    }

    static DepartmentService departments() {
        return CoreContext.get().getBean(DepartmentService.class);
    }

    static ApiTokenService tokens() {
        return CoreContext.get().getBean(ApiTokenService.class);
    }

    static OperationLogReader operationLog() {
        return CoreContext.get().getBean(OperationLogReader.class);
    }

    /** A name no other test uses: every test of a JVM shares one database. */
    static String unique(String prefix) {
        return prefix + "_" + SEQUENCE.incrementAndGet();
    }

    static UserAccount newUser(String prefix, String... roles) {
        return users().create(CoreContext.ADMIN, new NewUser(unique(prefix), PASSWORD, prefix, Set.of(roles)));
    }

    /** The newest entries of the log about one target, newest first. */
    static List<OperationLogEntry> entriesFor(String target) {
        return operationLog().read(CoreContext.ADMIN, null, 500, null).entries().stream()
                .filter(e -> target.equals(e.target())).toList();
    }

    /** Moves a lock into the past, as if its time had run out. */
    static void expireLock(long userId) {
        CoreContext.dsl().update(table(name("trellis_sys", "app_user")))
                .set(field(name("locked_until"), SQLDataType.TIMESTAMPWITHTIMEZONE),
                        OffsetDateTime.now().minusSeconds(1))
                .where(field(name("id"), SQLDataType.BIGINT).eq(userId)).execute();
    }
}
