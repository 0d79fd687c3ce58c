package dev.trellis.rule;

import dev.trellis.rule.internal.DefaultExpressionService;
import dev.trellis.rule.internal.ValidationRuleCheck;
import dev.trellis.rule.internal.ValidationRuleKind;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
    ValidationRuleCheck validationRuleCheck(ExpressionService expressions) {
        return new ValidationRuleCheck(expressions, Clock.systemDefaultZone());
    }

    // rebates: fully qualified names keep this an append-only change beside the other rule kinds' wiring

    @Bean
    dev.trellis.rule.rebate.internal.RebateEngine rebateEngine(
            org.springframework.beans.factory.ObjectProvider<dev.trellis.core.metadata.MetadataService> metadata,
            org.jooq.DSLContext dsl, org.springframework.transaction.PlatformTransactionManager transactions,
            ExpressionService expressions, dev.trellis.core.security.OperationLog log) {
        return new dev.trellis.rule.rebate.internal.RebateEngine(metadata::getObject, dsl, transactions, expressions,
                log, Clock.systemDefaultZone());
    }

    @Bean
    dev.trellis.rule.rebate.internal.RebatePolicyKind rebatePolicyKind(
            dev.trellis.rule.rebate.internal.RebateEngine rebates) {
        return rebates.kind();
    }

    @Bean
    dev.trellis.rule.rebate.internal.RebateListener rebateListener(dev.trellis.rule.rebate.internal.RebateEngine rebates) {
        return rebates.listener();
    }

    @Bean
    dev.trellis.rule.rebate.RebateService rebateService(dev.trellis.rule.rebate.internal.RebateEngine rebates) {
        return rebates.service();
    }
}
