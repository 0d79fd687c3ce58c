package dev.trellis.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.reflection.ParamNameResolver;
import org.apache.ibatis.scripting.defaults.DefaultParameterHandler;
import org.apache.ibatis.session.Configuration;
import org.flowable.engine.impl.persistence.entity.HistoricActivityInstanceEntityImpl;
import org.flowable.task.service.impl.persistence.entity.TaskEntityImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link StatementParameters} binds what MyBatis's own parameter handler binds, call for call, for a single-row
 * insert of an entity, a multi-row insert of rows bound by a loop, a statement on a map and one on a plain value.
 */
class StatementParametersIT {

    private static Configuration mybatis;

    @BeforeAll
    static void start() {
        mybatis = EngineMyBatis.configuration();
    }

    @Test
    void theParametersAreTheOnesMyBatisSets() throws Exception {
        TaskEntityImpl task = new TaskEntityImpl();
        task.setId("t1");
        task.setName("Review");
        task.setAssignee("42");
        task.setPriority(50);
        task.setCreateTime(new Date(1_000_000L));
        assertSameCalls("insertTask", task);

        List<HistoricActivityInstanceEntityImpl> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HistoricActivityInstanceEntityImpl row = new HistoricActivityInstanceEntityImpl();
            row.setId("a" + i);
            row.setActivityId("review");
            row.setStartTime(new Date(2_000_000L * i));
            row.setDurationInMillis(i == 1 ? null : 5L * i);
            rows.add(row);
        }
        assertSameCalls("bulkInsertHistoricActivityInstance", ParamNameResolver.wrapToMapIfCollection(rows, null));
        assertSameCalls("selectTasksByExecutionId", "e1");
        assertSameCalls("deleteVariableInstancesByTaskId", "t1");
        assertSameCalls("selectTasksByParentTaskId", "t9");
        assertSameCalls("selectHistoricTaskInstancesByProcessInstanceId", "p1");
        assertSameCalls("updateTask", task);
        assertSameCalls("selectActivityInstanceExecutionIdAndActivityId", Map.of("executionId", "e1", "activityId",
                "review"));
    }

    private static void assertSameCalls(String statementId, Object parameter) throws Exception {
        MappedStatement statement = mybatis.getMappedStatement(statementId);
        BoundSql bound = statement.getBoundSql(parameter);
        List<String> expected = new ArrayList<>();
        new DefaultParameterHandler(statement, parameter, bound).setParameters(recording(expected));
        List<String> actual = new ArrayList<>();
        StatementParameters parameters = new StatementParameters();
        // twice: the first read compiles and checks each getter, the second uses it
        for (int round = 0; round < 2; round++) {
            actual.clear();
            assertThat(parameters.set(mybatis, recording(actual), statement.getBoundSql(parameter))).isTrue();
            assertThat(actual).as(statementId).isEqualTo(expected).isNotEmpty();
        }
    }

    /** A statement that writes down each parameter set on it, and does nothing else. */
    private static PreparedStatement recording(List<String> calls) {
        return (PreparedStatement) Proxy.newProxyInstance(StatementParametersIT.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("set")) {
                        calls.add(method.getName() + Arrays.deepToString(args));
                        return null;
                    }
                    if (method.getName().equals("getConnection")) {
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
