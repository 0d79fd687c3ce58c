package dev.trellis.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.reflection.MetaObject;
import org.apache.ibatis.reflection.ParamNameResolver;
import org.apache.ibatis.session.Configuration;
import org.flowable.engine.impl.persistence.entity.HistoricActivityInstanceEntityImpl;
import org.flowable.variable.service.impl.persistence.entity.VariableInstanceEntityImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bulk inserts whose SQL {@link BulkInsertPlans} keeps per row count bind exactly what MyBatis binds: the
 * same text, the same parameters, the same values, for one, two and three rows, and again once kept.
 */
class BulkInsertPlansIT {

    private static Configuration mybatis;

    @BeforeAll
    static void start() {
        mybatis = EngineMyBatis.configuration();
    }

    private static MappedStatement statement(String id) {
        return mybatis.getMappedStatement(id);
    }

    @Test
    void theInsertsOfAnApprovalAreKeptAndTheOthersLeftToMyBatis() {
        TreeSet<String> kept = new TreeSet<>();
        for (Object value : new ArrayList<>(mybatis.getMappedStatements())) {
            if (value instanceof MappedStatement statement && statement.getId().contains(".bulkInsert")
                    && BulkInsertPlans.planned(statement) != statement) {
                kept.add(statement.getId().substring(statement.getId().lastIndexOf('.') + 1));
            }
        }
        assertThat(kept).contains("bulkInsertExecution", "bulkInsertTask", "bulkInsertVariableInstance",
                "bulkInsertHistoricActivityInstance", "bulkInsertHistoricTaskInstance", "bulkInsertActivityInstance",
                "bulkInsertHistoricVariableInstance", "bulkInsertHistoricIdentityLink");
    }

    @Test
    void onlyTextAroundOneLoopOfTextIsKept() throws Exception {
        Configuration own = new Configuration();
        own.getVariables().setProperty("prefix", "T_");
        String resource = "dev/trellis/workflow/internal/BulkInsertPlansIT.xml";
        try (var in = org.apache.ibatis.io.Resources.getResourceAsStream(resource)) {
            new org.apache.ibatis.builder.xml.XMLMapperBuilder(in, own, resource, own.getSqlFragments()).parse();
        }
        MappedStatement rows = own.getMappedStatement("trellis.test.bulkInsertRows");
        MappedStatement planned = BulkInsertPlans.planned(rows);
        assertThat(planned).isNotSameAs(rows);
        List<Map<String, String>> two = List.of(Map.of("id", "a", "name", "A"), Map.of("id", "b", "name", "B"));
        for (int round = 0; round < 2; round++) {
            Object parameter = ParamNameResolver.wrapToMapIfCollection(two, null);
            BoundSql bound = planned.getBoundSql(parameter);
            assertThat(bound.getSql()).startsWith("insert into T_ROWS").contains("(?, ?, ?) , (?, ?, ?)");
            assertThat(values(own, bound)).containsExactly("a", "A", 0, "b", "B", 1);
        }
        // a condition inside the loop, or a ${} left to fill at run time, makes the text depend on the values
        for (String id : List.of("bulkInsertSomeColumns", "bulkInsertIntoTable")) {
            MappedStatement statement = own.getMappedStatement("trellis.test." + id);
            assertThat(BulkInsertPlans.planned(statement)).as(id).isSameAs(statement);
        }
    }

    @Test
    void aKeptInsertBindsWhatMyBatisBinds() {
        MappedStatement original = statement("bulkInsertHistoricActivityInstance");
        MappedStatement planned = BulkInsertPlans.planned(original);
        assertThat(planned).isNotSameAs(original);
        for (int rows = 1; rows <= 3; rows++) {
            List<HistoricActivityInstanceEntityImpl> entities = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                HistoricActivityInstanceEntityImpl entity = new HistoricActivityInstanceEntityImpl();
                entity.setId("act-" + rows + "-" + i);
                entity.setActivityId("review");
                entity.setProcessInstanceId("p-" + i);
                entity.setStartTime(new Date(1_000_000L * i));
                entity.setTransactionOrder(i);
                entities.add(entity);
            }
            // the first statement of a row count is MyBatis's own, the later ones the kept shape
            for (int round = 0; round < 2; round++) {
                Object parameter = ParamNameResolver.wrapToMapIfCollection(new ArrayList<>(entities), null);
                BoundSql expected = original.getBoundSql(parameter);
                BoundSql actual = planned.getBoundSql(parameter);
                assertThat(actual.getSql()).isEqualTo(expected.getSql());
                assertThat(actual.getParameterMappings()).extracting(ParameterMapping::getProperty)
                        .isEqualTo(expected.getParameterMappings().stream().map(ParameterMapping::getProperty).toList());
                assertThat(actual.getParameterMappings()).extracting(m -> m.getTypeHandler().getClass())
                        .isEqualTo(expected.getParameterMappings().stream().map(m -> m.getTypeHandler().getClass()).toList());
                assertThat(values(actual)).isEqualTo(values(expected)).contains("act-" + rows + "-" + (rows - 1));
            }
        }
    }

    @Test
    void rowsOfAnotherClassOrNoneAreLeftToMyBatis() {
        MappedStatement planned = BulkInsertPlans.planned(statement("bulkInsertVariableInstance"));
        VariableInstanceEntityImpl variable = new VariableInstanceEntityImpl();
        variable.setId("v1");
        variable.setName("trellis_instance");
        Object one = ParamNameResolver.wrapToMapIfCollection(List.of(variable), null);
        planned.getBoundSql(one);
        assertThat(values(planned.getBoundSql(one))).contains("v1", "trellis_instance");
        Object other = ParamNameResolver.wrapToMapIfCollection(List.of(Map.of("id", "x")), null);
        assertThat(planned.getBoundSql(other).getSql()).isEqualTo(statement("bulkInsertVariableInstance")
                .getBoundSql(other).getSql());
    }

    /** The value each parameter of a statement reads, as MyBatis's parameter handler finds it. */
    private static List<Object> values(BoundSql bound) {
        return values(mybatis, bound);
    }

    private static List<Object> values(Configuration configuration, BoundSql bound) {
        List<Object> values = new ArrayList<>();
        MetaObject parameter = configuration.newMetaObject(bound.getParameterObject());
        for (ParameterMapping mapping : bound.getParameterMappings()) {
            String property = mapping.getProperty();
            values.add(bound.hasAdditionalParameter(property) ? bound.getAdditionalParameter(property)
                    : parameter.getValue(property));
        }
        return values;
    }
}
