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
        TransactionTemplate transaction = CoreContext.get().getBean(TransactionTemplate.class);
        Result<Record> built = transaction.execute(status -> {
            RoundTrips trips = new RoundTrips(counted);
            trips.hold("select set_config('trellis.round_trips_it', ?, true)", "held");
            trips.hold("select pg_advisory_xact_lock(?)", 424242L);
            return trips.fetch(DSL.select(DSL.field("current_setting('trellis.round_trips_it')").as("setting"),
                    DSL.val(7).as("seven")));
        });
        assertThat(built).hasSize(1);
        assertThat(built.get(0).get("setting", String.class)).isEqualTo("held");
        assertThat(built.get(0).get("seven", Integer.class)).isEqualTo(7);
        assertThat(executions).hasValue(1);

        // SQL text goes to the driver as it is, values bound by JDBC, arrays included
        Result<Record> text = transaction.execute(status -> {
            RoundTrips trips = new RoundTrips(counted);
            trips.hold("select set_config('trellis.round_trips_it', ?, true)", "held too");
            return trips.fetch("select current_setting('trellis.round_trips_it') as setting,"
                    + " cardinality(cast(? as bigint[])) as ids, cast(? as date) as day, ? as nothing",
                    new Long[] {1L, 2L, null}, java.time.LocalDate.parse("2025-01-02"), null);
        });
        assertThat(text).hasSize(1);
        assertThat(text.get(0).get("setting", String.class)).isEqualTo("held too");
        assertThat(text.get(0).get("ids", Integer.class)).isEqualTo(3);
        assertThat(text.get(0).get("day", java.time.LocalDate.class)).isEqualTo(java.time.LocalDate.parse("2025-01-02"));
        assertThat(text.get(0).get("nothing")).isNull();
    }
}
