package dev.trellis.form;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.form.internal.AttachmentLinks;
import dev.trellis.form.internal.DefaultAttachmentService;
import dev.trellis.form.internal.DefaultFormService;
import dev.trellis.form.internal.FormKind;
import dev.trellis.rule.ExpressionService;
import javax.sql.DataSource;
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
    DefaultAttachmentService attachmentService(MetadataService metadata, RecordService records, DSLContext dsl) {
        return new DefaultAttachmentService(metadata, records, dsl);
    }

    @Bean
    FormService formService(MetadataService metadata, RecordService records, ExpressionService expressions,
            TransactionTemplate tx, DefaultAttachmentService attachments) {
        return new DefaultFormService(metadata, records, expressions, tx, attachments);
    }

    /** A record check and a listener: the record service is built with it, so it must not need the record service. */
    @Bean
    AttachmentLinks attachmentLinks(MetadataService metadata, DSLContext dsl, DataSource dataSource) {
        return new AttachmentLinks(metadata, dsl, dataSource);
    }
}
