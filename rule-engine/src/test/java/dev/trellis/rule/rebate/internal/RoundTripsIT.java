package dev.trellis.rule.rebate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.testing.CoreContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Record;
import org.jooq.Result;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionTemplate;

/** Held statements run first, in order, in the same execution as the next statement that is read. */
class RoundTripsIT {

    @Test
    void heldStatementsRunBeforeTheNextFetchInOneExecution() {
        AtomicInteger executions = new AtomicInteger();
        DSLContext counted = CoreContext.dsl().configuration().derive(new ExecuteListener() {
            @Override
            public void executeStart(ExecuteContext ctx) {
                executions.incrementAndGet();
            }
        }).dsl();
        Result<Record> rows = CoreContext.get().getBean(TransactionTemplate.class).execute(status -> {
            RoundTrips trips = new RoundTrips(counted);
            trips.hold("select set_config('trellis.round_trips_it', ?, true)", "held");
            trips.hold("select pg_advisory_xact_lock(?)", 424242L);
            Result<Record> read = trips.fetch(DSL.select(DSL.field("current_setting('trellis.round_trips_it')")
                    .as("setting"), DSL.val(7).as("seven")));
            // nothing held any more: an ordinary fetch
            trips.fetch("select ? as again", 8);
            return read;
        });
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("setting", String.class)).isEqualTo("held");
        assertThat(rows.get(0).get("seven", Integer.class)).isEqualTo(7);
        assertThat(executions).hasValue(2);
    }
}
