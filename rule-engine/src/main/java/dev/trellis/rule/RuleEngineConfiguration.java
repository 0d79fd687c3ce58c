package dev.trellis.rule;

import dev.trellis.rule.internal.DefaultExpressionService;
import dev.trellis.rule.internal.FormulaFields;
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
    FormulaFields formulaFields(ExpressionService expressions) {
        return new FormulaFields(expressions);
    }

    @Bean
    ValidationRuleCheck validationRuleCheck(ExpressionService expressions) {
        return new ValidationRuleCheck(expressions, Clock.systemDefaultZone());
    }
}
