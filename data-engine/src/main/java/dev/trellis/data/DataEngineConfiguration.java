package dev.trellis.data;

import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.security.OperationLog;
import dev.trellis.data.internal.DefaultDuplicateService;
import dev.trellis.data.internal.DefaultExportService;
import dev.trellis.data.internal.DefaultImportService;
import java.nio.file.Path;
import java.time.Clock;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Spring wiring of the data engine: export, import and duplicate services. */
@Configuration(proxyBeanMethods = false)
public class DataEngineConfiguration {

    @Bean
    ExportService exportService(MetadataService metadata, RecordService records, OperationLog log) {
        return new DefaultExportService(metadata, records, log, Clock.systemDefaultZone());
    }

    /**
     * Uploaded files and rejected-rows reports live in {@code trellis.data.import-dir} (default: a folder in the
     * temp directory) while their job needs them; imports run two at a time ({@code trellis.data.import-threads}).
     */
    @Bean(destroyMethod = "close")
    DefaultImportService importService(MetadataService metadata, RecordService records, DataSource dataSource,
            DSLContext dsl, PlatformTransactionManager transactions, Environment environment) {
        Path dir = Path.of(environment.getProperty("trellis.data.import-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "trellis-imports").toString()));
        int threads = environment.getProperty("trellis.data.import-threads", Integer.class, 2);
        return new DefaultImportService(metadata, records, dataSource, dsl, transactions, dir, threads);
    }

    @Bean
    DuplicateService duplicateService(MetadataService metadata, RecordService records, DSLContext dsl,
            TransactionTemplate tx, OperationLog log) {
        return new DefaultDuplicateService(metadata, records, dsl, tx, log);
    }
}
