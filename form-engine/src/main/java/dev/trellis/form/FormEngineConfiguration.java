package dev.trellis.form;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.form.internal.DefaultFormService;
import dev.trellis.form.internal.FormKind;
import dev.trellis.rule.ExpressionService;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** The Spring wiring of the form engine. It needs the rule engine's configuration beside it. */
@Configuration(proxyBeanMethods = false)
public class FormEngineConfiguration {

    @Bean
    FormKind formKind(ExpressionService expressions) {
        return new FormKind(expressions);
    }

    @Bean
    FormService formService(MetadataService metadata, RecordService records, ExpressionService expressions,
            DSLContext dsl, TransactionTemplate tx) {
        return new DefaultFormService(metadata, records, expressions, dsl, tx);
    }
}
