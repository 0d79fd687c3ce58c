package dev.trellis.workflow.internal;

import java.util.Set;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.flowable.engine.impl.history.DefaultHistoryConfigurationSettings;
import org.flowable.variable.service.impl.persistence.entity.VariableInstanceEntity;

/**
 * Audit-level history, less the multi-instance bookkeeping: Flowable's counters of a step
 * ({@code nrOfInstances}, {@code nrOfCompletedInstances}, {@code nrOfActiveInstances}, {@code loopCounter})
 * change with every decision, and keeping each value in the variable history cost a read and a write per
 * counter per task, while telling nothing the task and activity history (kept) and the timeline do not.
 */
final class FlowHistory extends DefaultHistoryConfigurationSettings {

    private static final Set<String> COUNTERS = Set.of("nrOfInstances", "nrOfCompletedInstances", "nrOfActiveInstances",
            "loopCounter");

    FlowHistory(ProcessEngineConfigurationImpl configuration) {
        super(configuration);
    }

    @Override
    public boolean isHistoryEnabledForVariableInstance(VariableInstanceEntity variable) {
        return !COUNTERS.contains(variable.getName()) && super.isHistoryEnabledForVariableInstance(variable);
    }

    @Override
    public boolean isHistoryEnabledForVariableInstance(String processDefinitionId, VariableInstanceEntity variable) {
        return !COUNTERS.contains(variable.getName())
                && super.isHistoryEnabledForVariableInstance(processDefinitionId, variable);
    }
}
