package dev.trellis.workflow.internal;

import dev.trellis.core.NotFoundException;
import dev.trellis.core.json.Json;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.MetadataVersion;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.workflow.FlowDefinition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flowable.bpmn.model.BpmnModel;
import org.flowable.bpmn.model.FlowElement;
import org.flowable.bpmn.model.SequenceFlow;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Flow versions and their deployments. Each published version of a flow is compiled and deployed once, as a
 * new version of one Flowable process definition key; {@code flow_deployment} maps the metadata version to
 * its process definition, so a running approval finishes on the version it started with, and the runtime
 * reads that version's settings, not the latest.
 */
final class FlowVersions {

    /** A flow version as the runtime needs it: its settings, its conditions by sequence flow, its step names. */
    record LoadedFlow(String app, int version, FlowDefinition definition, Map<String, String> conditions,
            Map<String, String> names) {
    }

    private record Key(String app, String flow, int version) {
    }

    private final MetadataService metadata;
    private final FlowStore store;
    private final RepositoryService repository;
    private final Map<Key, LoadedFlow> loaded = new ConcurrentHashMap<>();
    private final Map<Key, String> deployed = new ConcurrentHashMap<>();

    FlowVersions(MetadataService metadata, FlowStore store, RepositoryService repository) {
        this.metadata = metadata;
        this.store = store;
        this.repository = repository;
    }

    /** The published version of a flow: its number and definition. */
    LoadedFlow published(String app, String flow) {
        // the version number is kept with the app's published generation: a publish makes a new one
        int version = metadata.published(app).compiled(new PublishedFlowKey(flow), p -> metadata.findPublished(app,
                FlowKind.NAME, flow).filter(v -> !v.deleted()).map(MetadataVersion::version).orElse(0));
        if (version == 0) {
            throw new NotFoundException("flow-not-found", "app '" + app + "' has no published flow '" + flow + "'");
        }
        return load(app, flow, version);
    }

    private record PublishedFlowKey(String flow) {
    }

    /** The published flows of an app for an object. */
    List<FlowDefinition> forObject(PublishedApp app, String object) {
        return app.compiled(new ObjectFlowsKey(object), p -> p.all(FlowKind.NAME, FlowDefinition.class).values().stream()
                .filter(f -> f.object().equals(object)).toList());
    }

    private record ObjectFlowsKey(String object) {
    }

    LoadedFlow load(String app, String flow, int version) {
        return loaded.computeIfAbsent(new Key(app, flow, version), k -> {
            MetadataVersion stored = metadata.getVersion(app, FlowKind.NAME, flow, version);
            FlowDefinition definition = Json.MAPPER.treeToValue(stored.body(), FlowDefinition.class);
            BpmnModel model = BpmnReader.read(definition.bpmn(), BpmnChecker.PATH, new ArrayList<>());
            Map<String, String> conditions = new HashMap<>();
            Map<String, String> names = new HashMap<>();
            for (FlowElement element : model.getMainProcess().getFlowElements()) {
                if (element instanceof SequenceFlow f && f.getConditionExpression() != null) {
                    conditions.put(f.getId(), f.getConditionExpression().strip());
                }
                names.put(element.getId(), element.getName() == null ? element.getId() : element.getName());
            }
            return new LoadedFlow(app, version, definition, Map.copyOf(conditions), Map.copyOf(names));
        });
    }

    /** The process definition running a flow version, compiled and deployed on first use. */
    String processDefinition(LoadedFlow flow) {
        Key key = new Key(flow.app(), flow.definition().name(), flow.version());
        String known = deployed.get(key);
        if (known != null) {
            return known;
        }
        String name = flow.definition().name();
        String id = store.deployment(flow.app(), name, flow.version()).orElseGet(() -> {
            store.lockDeployment(flow.app(), name);
            return store.deployment(flow.app(), name, flow.version()).orElseGet(() -> deploy(flow));
        });
        // remembered once committed: a deployment rolled back with its transaction must be made again
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deployed.put(key, id);
                }
            });
        } else {
            deployed.put(key, id);
        }
        return id;
    }

    private String deploy(LoadedFlow flow) {
        String name = flow.definition().name();
        String processKey = FlowCompiler.processKey(flow.app(), name);
        BpmnModel model = FlowCompiler.compile(flow.app(), flow.definition());
        Deployment deployment = repository.createDeployment()
                .name(flow.app() + "/" + name + " v" + flow.version())
                .key(processKey)
                .category("trellis-flow")
                .addBpmnModel(processKey + ".bpmn20.xml", model)
                .deploy();
        ProcessDefinition definition = repository.createProcessDefinitionQuery().deploymentId(deployment.getId())
                .singleResult();
        store.saveDeployment(flow.app(), name, flow.version(), definition.getId());
        return definition.getId();
    }
}
