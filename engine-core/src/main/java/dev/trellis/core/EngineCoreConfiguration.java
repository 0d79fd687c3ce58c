package dev.trellis.core;

import dev.trellis.core.access.internal.PermissionSetKind;
import dev.trellis.core.access.internal.RoleKind;
import dev.trellis.core.db.PlatformSchema;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.internal.AppKind;
import dev.trellis.core.metadata.internal.DefaultMetadataService;
import dev.trellis.core.metadata.internal.ObjectKind;
import dev.trellis.core.metadata.spi.MetadataKind;
import dev.trellis.core.metadata.spi.ObjectCheck;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.record.internal.DefaultRecordService;
import dev.trellis.core.record.spi.RecordCheck;
import dev.trellis.core.record.spi.RecordComputer;
import dev.trellis.core.record.spi.RecordListener;
import dev.trellis.core.security.ApiTokenService;
import dev.trellis.core.security.DepartmentService;
import dev.trellis.core.security.OperationLog;
import dev.trellis.core.security.OperationLogReader;
import dev.trellis.core.security.UserService;
import dev.trellis.core.security.internal.DatabaseOperationLog;
import dev.trellis.core.security.internal.DatabaseOperationLogReader;
import dev.trellis.core.security.internal.DefaultApiTokenService;
import dev.trellis.core.security.internal.DefaultDepartmentService;
import dev.trellis.core.security.internal.DefaultUserService;
import dev.trellis.core.security.internal.LoginThrottle;
import dev.trellis.core.security.internal.PermissionPublishLog;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.DataSourceConnectionProvider;
import org.jooq.impl.DefaultConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Spring wiring of engine-core. It needs a {@link DataSource}; it migrates the platform tables
 * on start and provides the module's services.
 */
@Configuration(proxyBeanMethods = false)
public class EngineCoreConfiguration {

    /** jOOQ on the transaction-aware data source, so every query joins the current Spring transaction. */
    @Bean
    DSLContext trellisDsl(DataSource dataSource) {
        PlatformSchema.migrate(dataSource);
        DefaultConfiguration configuration = new DefaultConfiguration();
        configuration.set(new DataSourceConnectionProvider(new TransactionAwareDataSourceProxy(dataSource)));
        configuration.set(SQLDialect.POSTGRES);
        configuration.set(new Settings().withExecuteLogging(false).withRenderSchema(true));
        return DSL.using(configuration);
    }

    @Bean
    PlatformTransactionManager trellisTransactionManager(DataSource dataSource) {
        return new DataSourceTransactionManager(dataSource);
    }

    @Bean
    TransactionTemplate trellisTransactionTemplate(PlatformTransactionManager transactionManager) {
        return new TransactionTemplate(transactionManager);
    }

    @Bean
    AppKind appKind() {
        return new AppKind();
    }

    @Bean
    ObjectKind objectKind(List<ObjectCheck> checks) {
        return new ObjectKind(checks);
    }

    @Bean
    MetadataService metadataService(DSLContext dsl, List<MetadataKind<?>> kinds, TransactionTemplate tx,
            ApplicationEventPublisher events) {
        return new DefaultMetadataService(dsl, kinds, tx, events);
    }

    @Bean
    RecordService recordService(MetadataService metadata, DSLContext dsl, DataSource dataSource, TransactionTemplate tx,
            List<RecordListener> listeners, List<RecordCheck> checks, List<RecordComputer> computers,
            OperationLog operations) {
        return new DefaultRecordService(metadata, dsl, dataSource, tx, listeners, checks, computers, operations);
    }

    @Bean
    RoleKind roleKind() {
        return new RoleKind();
    }

    @Bean
    PermissionSetKind permissionSetKind() {
        return new PermissionSetKind();
    }

    @Bean
    OperationLog operationLog(DSLContext dsl) {
        return new DatabaseOperationLog(dsl);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    OperationLogReader operationLogReader(DSLContext dsl) {
        return new DatabaseOperationLogReader(dsl);
    }

    /** Logs publishes that change permissions; listens to {@code MetadataPublishedEvent}. */
    @Bean
    PermissionPublishLog permissionPublishLog(DSLContext dsl, OperationLog log,
            PlatformTransactionManager transactionManager) {
        return new PermissionPublishLog(dsl, log, transactionManager);
    }

    /**
     * {@code trellis.login.max-failures} wrong passwords in a row (5) lock an account for
     * {@code trellis.login.lock-minutes} (15).
     */
    @Bean
    UserService userService(DSLContext dsl, PasswordEncoder encoder, TransactionTemplate tx, MetadataService metadata,
            OperationLog log, Environment environment) {
        LoginThrottle throttle = new LoginThrottle(
                environment.getProperty("trellis.login.max-failures", Integer.class, LoginThrottle.DEFAULT.maxFailures()),
                Duration.ofMinutes(environment.getProperty("trellis.login.lock-minutes", Long.class,
                        LoginThrottle.DEFAULT.lockDuration().toMinutes())));
        return new DefaultUserService(dsl, encoder, tx, metadata, log, throttle);
    }

    @Bean
    DepartmentService departmentService(DSLContext dsl, TransactionTemplate tx, OperationLog log) {
        return new DefaultDepartmentService(dsl, tx, log);
    }

    @Bean
    ApiTokenService apiTokenService(DSLContext dsl, TransactionTemplate tx, OperationLog log) {
        return new DefaultApiTokenService(dsl, tx, log);
    }
}
