package dev.trellis.rule;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.OperationLog;
import dev.trellis.rule.internal.DefaultExpressionService;
import dev.trellis.rule.internal.FormulaBackfill;
import dev.trellis.rule.internal.FormulaFields;
import dev.trellis.rule.internal.ValidationRuleCheck;
import dev.trellis.rule.internal.ValidationRuleKind;
import dev.trellis.rule.rebate.RebateService;
import dev.trellis.rule.rebate.internal.RebateEngine;
import dev.trellis.rule.rebate.internal.RebateListener;
import dev.trellis.rule.rebate.internal.RebatePolicyKind;
import dev.trellis.rule.routing.DecisionService;
import dev.trellis.rule.routing.internal.DecisionTableKind;
import dev.trellis.rule.routing.internal.DefaultDecisionService;
import dev.trellis.rule.testrun.RuleTestService;
import dev.trellis.rule.testrun.internal.DefaultRuleTestService;
import dev.trellis.rule.trigger.NotificationService;
import dev.trellis.rule.trigger.OutboxService;
import dev.trellis.rule.trigger.internal.DefaultOutboxService;
import dev.trellis.rule.trigger.internal.Dispatcher;
import dev.trellis.rule.trigger.internal.NotificationStore;
import dev.trellis.rule.trigger.internal.SecretStore;
import dev.trellis.rule.trigger.internal.TriggerKind;
import dev.trellis.rule.trigger.internal.TriggerListener;
import dev.trellis.rule.trigger.internal.WebhookPoller;
import dev.trellis.rule.trigger.internal.WebhookSettings;
import java.time.Clock;
import org.jooq.DSLContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The Spring wiring of the rule engine: the expression service, the rule kinds and their checks. */
@Configuration(proxyBeanMethods = false)
public class RuleEngineConfiguration {

    @Bean
    ExpressionService expressionService() {
        return new DefaultExpressionService();
    }

    @Bean
    ValidationRuleKind validationRuleKind(ExpressionService expressions) {
        return new ValidationRuleKind(expressions);
    }

    @Bean
    FormulaFields formulaFields(ExpressionService expressions) {
        return new FormulaFields(expressions);
    }

    @Bean
    FormulaBackfill formulaBackfill(MetadataService metadata, ObjectProvider<RecordService> records,
            FormulaFields formulas, DSLContext dsl) {
        return new FormulaBackfill(metadata, records.getObject(), formulas, dsl);
    }

    @Bean
    ValidationRuleCheck validationRuleCheck(ExpressionService expressions) {
        return new ValidationRuleCheck(expressions, Clock.systemDefaultZone());
    }

    @Bean
    TriggerKind triggerKind(ExpressionService expressions) {
        return new TriggerKind(expressions);
    }

    /**
     * The record service is built with this listener among its listeners, and the listener writes through the
     * record service: it is handed over lazily, on the first trigger that runs.
     */
    @Bean
    TriggerListener triggerListener(MetadataService metadata, ObjectProvider<RecordService> records,
            ExpressionService expressions, DSLContext dsl, WebhookPoller poller) {
        return new TriggerListener(metadata, records::getObject, expressions, dsl, poller::wake,
                Clock.systemDefaultZone());
    }

    @Bean
    NotificationService notificationService(DSLContext dsl) {
        return new NotificationStore(dsl);
    }

    @Bean
    SecretStore webhookSecrets(DSLContext dsl, TransactionTemplate tx, OperationLog log) {
        return new SecretStore(dsl, tx, log);
    }

    /** Settings {@code trellis.webhooks.*} are read on every round, so a changed setting applies without a restart. */
    @Bean
    Dispatcher webhookDispatcher(DSLContext dsl, PlatformTransactionManager transactions, SecretStore secrets,
            Environment environment) {
        return new Dispatcher(dsl, transactions, secrets, () -> WebhookSettings.from(environment),
                Clock.systemDefaultZone());
    }

    @Bean
    WebhookPoller webhookPoller(Dispatcher dispatcher, Environment environment) {
        return new WebhookPoller(dispatcher, () -> WebhookSettings.from(environment));
    }

    @Bean
    OutboxService outboxService(DSLContext dsl, PlatformTransactionManager transactions, OperationLog log,
            Environment environment) {
        return new DefaultOutboxService(dsl, transactions, () -> WebhookSettings.from(environment), log,
                Clock.systemDefaultZone());
    }

    @Bean
    DecisionTableKind decisionTableKind(ExpressionService expressions) {
        return new DecisionTableKind(expressions);
    }

    @Bean
    DecisionService decisionService(MetadataService metadata, RecordService records, ExpressionService expressions) {
        return new DefaultDecisionService(metadata, records, expressions, Clock.systemDefaultZone());
    }

    @Bean
    RuleTestService ruleTestService(MetadataService metadata, RecordService records, ExpressionService expressions) {
        return new DefaultRuleTestService(metadata, records, expressions);
    }

    @Bean
    RebateEngine rebateEngine(ObjectProvider<MetadataService> metadata, DSLContext dsl,
            PlatformTransactionManager transactions, ExpressionService expressions, OperationLog log) {
        return new RebateEngine(metadata::getObject, dsl, transactions, expressions, log, Clock.systemDefaultZone());
    }

    @Bean
    RebatePolicyKind rebatePolicyKind(RebateEngine rebates) {
        return rebates.kind();
    }

    @Bean
    RebateListener rebateListener(RebateEngine rebates) {
        return rebates.listener();
    }

    @Bean
    RebateService rebateService(RebateEngine rebates) {
        return rebates.service();
    }
}
