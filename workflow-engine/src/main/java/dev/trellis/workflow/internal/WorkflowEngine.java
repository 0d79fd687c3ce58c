package dev.trellis.workflow.internal;

import dev.trellis.core.metadata.MetadataPublishedEvent;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.record.RecordService;
import dev.trellis.core.record.spi.RecordCheck;
import dev.trellis.core.record.spi.RecordListener;
import dev.trellis.core.security.UserService;
import dev.trellis.rule.ExpressionService;
import dev.trellis.rule.routing.DecisionService;
import dev.trellis.rule.trigger.NotificationService;
import dev.trellis.rule.trigger.OutboxService;
import dev.trellis.workflow.FlowDefinition;
import dev.trellis.workflow.WorkflowService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flowable.common.engine.api.delegate.event.FlowableEngineEventType;
import org.flowable.common.engine.api.delegate.event.FlowableEventListener;
import org.flowable.common.engine.impl.history.HistoryLevel;
import org.flowable.common.engine.impl.persistence.StrongUuidGenerator;
import org.flowable.engine.ProcessEngine;
import org.flowable.engine.ProcessEngineConfiguration;
import org.flowable.spring.SpringProcessEngineConfiguration;
import org.flowable.variable.api.types.VariableTypes;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Builds the embedded Flowable engine and the workflow engine's parts around it. Flowable runs on the
 * platform's data source and transaction manager, so a flow step and the record writes it makes commit or
 * roll back together. Its expressions reach exactly one bean, {@code trellis} ({@link FlowRuntime}), and only
 * from BPMN that Trellis compiled; Java-serialised process variables are switched off; history is kept at
 * the audit level. The services come from this object, as the rule engine's rebates do from theirs.
 */
public final class WorkflowEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

    private final ProcessEngine engine;
    private final FlowStore store;
    private final ApprovalLock lock;
    private final FlowTriggers triggers;
    private final DefaultWorkflowService service;
    private final MetadataService metadata;
    private final FlowVersions versions;
    private final TransactionTemplate deployments;

    /**
     * @param timers whether the async executor runs, firing step timeouts (off where a test or benchmark fires
     *               them itself)
     */
    public WorkflowEngine(DataSource dataSource, PlatformTransactionManager transactions, DSLContext dsl,
            MetadataService metadata, RecordService records, ExpressionService expressions, DecisionService decisions,
            UserService users, OutboxService outbox, NotificationService notifications, boolean timers) {
        this.store = new FlowStore(dsl);
        Map<Object, Object> beans = new HashMap<>();
        this.engine = build(dataSource, transactions, beans, new TaskMirror(store), timers);
        this.metadata = metadata;
        this.versions = new FlowVersions(metadata, store, engine.getRepositoryService());
        this.deployments = new TransactionTemplate(transactions);
        this.deployments.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        ApproverResolver approvers = new ApproverResolver(dsl, decisions);
        RecordWrites writes = new RecordWrites(() -> records, expressions);
        TimeoutActions timeouts = new TimeoutActions(store, approvers, writes, notifications, engine::getTaskService);
        FlowRuntime runtime = new FlowRuntime(metadata, versions, store, approvers, writes, expressions, users, timeouts);
        beans.put("trellis", runtime);
        FlowStarter starter = new FlowStarter(versions, store, writes, runtime, engine::getRuntimeService);
        TaskActions actions = new TaskActions(store, versions, writes, engine::getTaskService, engine::getRuntimeService,
                engine::getManagementService);
        Summaries summaries = new Summaries(metadata, () -> records, versions);
        this.lock = new ApprovalLock(versions, store);
        this.triggers = new FlowTriggers(metadata, versions, starter, writes, expressions, store);
        this.service = new DefaultWorkflowService(metadata, () -> records, users, outbox, new TransactionTemplate(transactions),
                versions, store, starter, actions, writes, summaries, engine::getRuntimeService);
    }

    private static ProcessEngine build(DataSource dataSource, PlatformTransactionManager transactions,
            Map<Object, Object> beans, TaskMirror mirror, boolean timers) {
        SpringProcessEngineConfiguration configuration = new SpringProcessEngineConfiguration();
        configuration.setDataSource(dataSource);
        configuration.setTransactionManager(transactions);
        configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE);
        configuration.setHistoryLevel(HistoryLevel.AUDIT);
        configuration.setAsyncExecutorActivate(timers);
        configuration.setDisableIdmEngine(true);
        configuration.setDisableEventRegistry(true);
        configuration.setCreateDiagramOnDeploy(false);
        configuration.setEnableSafeBpmnXml(true);
        // ids made in memory, not drawn in blocks from a table row every few thousand
        configuration.setIdGenerator(new StrongUuidGenerator());
        // a step's executions are read in one query when a task completes, not one by one up the tree
        configuration.setEnableEagerExecutionTreeFetching(true);
        // no "participant" links on the process instance for each assignee: the inbox is Trellis's own table, and
        // the task's own assignee and candidate links are kept
        configuration.setIdentityLinkInterceptor(new NoParticipantLinks());
        configuration.setHistoryConfigurationSettings(new FlowHistory(configuration));
        // multi-row inserts built once per row count, not on every flush; parameters read by compiled getters
        StatementParameters parameters = new StatementParameters();
        configuration.setCustomMybatisInterceptors(List.of(new BulkInsertPlans(), parameters));
        // expressions resolve these beans and nothing else of the application
        configuration.setBeans(beans);
        Map<String, List<FlowableEventListener>> listeners = new HashMap<>();
        listeners.put(FlowableEngineEventType.TASK_CREATED.name(), List.of(mirror));
        listeners.put(FlowableEngineEventType.TASK_COMPLETED.name(), List.of(mirror));
        listeners.put(FlowableEngineEventType.ENTITY_DELETED.name(), List.of(mirror));
        configuration.setTypedEventListeners(listeners);
        ProcessEngine engine = configuration.buildProcessEngine();
        parameters.use(configuration.getSqlSessionFactory().getConfiguration());
        VariableTypes types = configuration.getVariableTypes();
        types.removeType(types.getVariableType("serializable"));
        return engine;
    }

    /**
     * Deploys the flow versions a publish made live, once it committed, so the first approval does not wait for
     * its deployment (whether one compiles was checked when the flow was saved and published). A failure is
     * logged, not thrown: the publish stands, and the first start deploys the version as before.
     */
    @EventListener
    public void onPublished(MetadataPublishedEvent event) {
        for (String flow : metadata.published(event.app()).all(FlowKind.NAME, FlowDefinition.class).keySet()) {
            try {
                deployments.executeWithoutResult(status -> versions.processDefinition(versions.published(event.app(),
                        flow)));
            } catch (RuntimeException e) {
                log.error("could not deploy flow {} of app {} after its publish", flow, event.app(), e);
            }
        }
    }

    public ProcessEngine processEngine() {
        return engine;
    }

    public WorkflowService service() {
        return service;
    }

    public RecordCheck lock() {
        return lock;
    }

    public RecordListener triggers() {
        return triggers;
    }

    @Override
    public void close() {
        engine.close();
    }
}
