package dev.trellis.workflow;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.record.spi.RecordCheck;
import dev.trellis.core.record.spi.RecordListener;
import dev.trellis.core.security.UserService;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.routing.DecisionService;
import dev.trellis.rule.trigger.NotificationService;
import dev.trellis.rule.trigger.OutboxService;
import dev.trellis.workflow.internal.FlowKind;
import dev.trellis.workflow.internal.FlowStartPoller;
import dev.trellis.workflow.internal.WorkflowEngine;
import java.time.Duration;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The Spring wiring of the workflow engine: the {@code flow} kind, the embedded Flowable engine on the
 * platform's data source and transactions, the record lock, the flow starts and the workflow service.
 * Settings: {@code trellis.workflow.timers} (true: the async executor fires step timeouts) and
 * {@code trellis.workflow.poll-interval} (PT2S: how often flow starts asked for by triggers are taken).
 */
@Configuration(proxyBeanMethods = false)
public class WorkflowEngineConfiguration {

    @Bean
    FlowKind flowKind(ExpressionService expressions) {
        return new FlowKind(expressions);
    }

    /**
     * The metadata and record services are built with this engine's kind, lock and listener among theirs, and
     * the engine uses them: they come as lazy proxies, resolved on first use.
     */
    @Bean(destroyMethod = "close")
    WorkflowEngine workflowEngine(DataSource dataSource, PlatformTransactionManager transactions, DSLContext dsl,
            @Lazy MetadataService metadata, @Lazy RecordService records, ExpressionService expressions,
            @Lazy DecisionService decisions, @Lazy UserService users, OutboxService outbox,
            NotificationService notifications, Environment environment) {
        return new WorkflowEngine(dataSource, transactions, dsl, metadata, records, expressions, decisions, users, outbox,
                notifications, environment.getProperty("trellis.workflow.timers", Boolean.class, true));
    }

    @Bean
    WorkflowService workflowService(WorkflowEngine engine) {
        return engine.service();
    }

    @Bean
    RecordCheck approvalLock(WorkflowEngine engine) {
        return engine.lock();
    }

    @Bean
    RecordListener flowTriggers(WorkflowEngine engine) {
        return engine.triggers();
    }

    @Bean
    FlowStartPoller flowStartPoller(WorkflowService workflows, Environment environment) {
        // parsed here: a plain Spring context (the engine tests) has no String → Duration conversion
        return new FlowStartPoller(workflows, Duration.parse(environment.getProperty("trellis.workflow.poll-interval",
                "PT2S")));
    }
}
