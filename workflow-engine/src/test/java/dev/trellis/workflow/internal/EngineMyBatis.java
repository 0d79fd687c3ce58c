package dev.trellis.workflow.internal;

import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import dev.trellis.workflow.WorkflowEngineConfiguration;
import org.apache.ibatis.session.Configuration;
import org.flowable.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** The MyBatis configuration of the workflow engine the test context starts, with Flowable's statements. */
final class EngineMyBatis {

    private EngineMyBatis() {
    }

    static Configuration configuration() {
        CoreContext.extend(RuleEngineConfiguration.class, WorkflowEngineConfiguration.class);
        ProcessEngineConfigurationImpl engine = (ProcessEngineConfigurationImpl) CoreContext.get()
                .getBean(WorkflowEngine.class).processEngine().getProcessEngineConfiguration();
        return engine.getSqlSessionFactory().getConfiguration();
    }
}
