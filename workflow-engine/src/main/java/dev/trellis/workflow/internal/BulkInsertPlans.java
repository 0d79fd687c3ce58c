package dev.trellis.workflow.internal;

import static org.apache.ibatis.scripting.xmltags.DynamicContext.DATABASE_ID_KEY;
import static org.apache.ibatis.scripting.xmltags.DynamicContext.PARAMETER_OBJECT_KEY;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.ibatis.builder.xml.XMLMapperEntityResolver;
import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.io.Resources;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.parsing.PropertyParser;
import org.apache.ibatis.parsing.XNode;
import org.apache.ibatis.parsing.XPathParser;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.reflection.property.PropertyTokenizer;
import org.apache.ibatis.scripting.xmltags.DynamicSqlSource;
import org.apache.ibatis.scripting.xmltags.ForEachSqlNode;
import org.apache.ibatis.session.Configuration;
import org.w3c.dom.Node;

/**
 * Flowable writes the new rows of each kind in one multi-row insert, a MyBatis {@code <foreach>} over the list of
 * rows, and MyBatis builds that statement anew on every flush: it renames each {@code #{...}} of each row with a
 * regular expression, then parses the text and finds each parameter's type by reflection. In the workflow bench
 * that was a fifth of the engine's CPU per approval. Where a statement's mapper XML is only text around one
 * {@code <foreach>} of text over the list, its SQL depends on the number of rows alone: this plugin has MyBatis
 * build it once per row count and row class, checks that every parameter is a row's property under the name
 * MyBatis gives that row, and from then on binds the rows to the kept SQL. Any other statement, or a shape
 * that fails the check, goes through MyBatis as before.
 */
@Intercepts(@Signature(type = Executor.class, method = "update", args = {MappedStatement.class, Object.class}))
final class BulkInsertPlans implements Interceptor {

    private final Map<MappedStatement, MappedStatement> statements = new ConcurrentHashMap<>();

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        Object[] args = invocation.getArgs();
        MappedStatement statement = (MappedStatement) args[0];
        if (statement.getSqlCommandType() == SqlCommandType.INSERT && statement.getSqlSource() instanceof DynamicSqlSource) {
            args[0] = statements.computeIfAbsent(statement, BulkInsertPlans::planned);
        }
        return invocation.proceed();
    }

    /** The statement with a source that keeps its SQL per row count, or the statement itself where it cannot. */
    static MappedStatement planned(MappedStatement statement) {
        XNode loop = loopOf(statement);
        if (loop == null) {
            return statement;
        }
        SqlSource source = new PerRowCount(statement.getConfiguration(), statement.getSqlSource(),
                loop.getStringAttribute("item"), loop.getStringAttribute("index"));
        MappedStatement.Builder copy = new MappedStatement.Builder(statement.getConfiguration(), statement.getId(), source,
                statement.getSqlCommandType()).resource(statement.getResource())
                .parameterMap(statement.getParameterMap()).resultMaps(statement.getResultMaps())
                .fetchSize(statement.getFetchSize()).timeout(statement.getTimeout())
                .statementType(statement.getStatementType()).resultSetType(statement.getResultSetType())
                .cache(statement.getCache()).flushCacheRequired(statement.isFlushCacheRequired())
                .useCache(statement.isUseCache()).resultOrdered(statement.isResultOrdered())
                .keyGenerator(statement.getKeyGenerator()).databaseId(statement.getDatabaseId())
                .lang(statement.getLang()).dirtySelect(statement.isDirtySelect());
        joined(statement.getKeyProperties(), copy::keyProperty);
        joined(statement.getKeyColumns(), copy::keyColumn);
        joined(statement.getResultSets(), copy::resultSets);
        return copy.build();
    }

    private static void joined(String[] values, Consumer<String> setter) {
        if (values != null) {
            setter.accept(String.join(",", values));
        }
    }

    /**
     * The {@code <foreach>} of a statement whose mapper XML holds text and that one loop over {@code list}, itself
     * only text, with no {@code ${}} left once the configuration's properties are in; null for any other.
     */
    static XNode loopOf(MappedStatement statement) {
        String resource = statement.getResource();
        if (resource == null || !resource.endsWith(".xml")) {
            return null;
        }
        Properties variables = statement.getConfiguration().getVariables();
        String id = statement.getId().substring(statement.getId().lastIndexOf('.') + 1);
        try (InputStream in = Resources.getResourceAsStream(resource)) {
            XPathParser parser = new XPathParser(in, false, variables, new XMLMapperEntityResolver());
            for (XNode insert : parser.evalNodes("/mapper/insert")) {
                if (id.equals(insert.getStringAttribute("id"))
                        && Objects.equals(statement.getDatabaseId(), insert.getStringAttribute("databaseId"))) {
                    return loopIn(insert.getNode(), insert, variables);
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static XNode loopIn(Node insert, XNode parsed, Properties variables) {
        XNode loop = null;
        for (Node child = insert.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child.getNodeType() == Node.ELEMENT_NODE) {
                if (loop != null || !child.getNodeName().equals("foreach")) {
                    return null;
                }
                loop = parsed.newXNode(child);
                if (!"list".equals(loop.getStringAttribute("collection")) || loop.getStringAttribute("item") == null
                        || !onlyText(child, variables)) {
                    return null;
                }
            } else if (!isText(child, variables)) {
                return null;
            }
        }
        return loop;
    }

    private static boolean onlyText(Node element, Properties variables) {
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (!isText(child, variables)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isText(Node node, Properties variables) {
        return switch (node.getNodeType()) {
            case Node.COMMENT_NODE -> true;
            case Node.TEXT_NODE, Node.CDATA_SECTION_NODE -> !PropertyParser.parse(node.getNodeValue(), variables)
                    .contains("${");
            default -> false;
        };
    }

    /** How a row count's SQL binds its rows: the statement's text and parameters, and each row's names. */
    private record Shape(String sql, List<ParameterMapping> mappings, String[] rows, String[] indexes) {
    }

    private record Key(int rows, Class<?> type) {
    }

    /** A bulk insert's source: MyBatis's own for the first statement of each row count, then the kept shape. */
    static final class PerRowCount implements SqlSource {

        /** Where the check failed: MyBatis builds those statements every time. */
        private static final Shape UNCHECKED = new Shape(null, null, null, null);

        private final Configuration configuration;
        private final SqlSource dynamic;
        private final String item;
        private final String index;
        private final Map<Key, Shape> shapes = new ConcurrentHashMap<>();

        PerRowCount(Configuration configuration, SqlSource dynamic, String item, String index) {
            this.configuration = configuration;
            this.dynamic = dynamic;
            this.item = item;
            this.index = index;
        }

        @Override
        public BoundSql getBoundSql(Object parameter) {
            List<?> rows = rowsOf(parameter);
            if (rows == null) {
                return dynamic.getBoundSql(parameter);
            }
            Key key = new Key(rows.size(), rows.getFirst().getClass());
            Shape shape = shapes.get(key);
            if (shape == null) {
                BoundSql built = dynamic.getBoundSql(parameter);
                shapes.putIfAbsent(key, learn(built, rows));
                return built;
            }
            if (shape == UNCHECKED) {
                return dynamic.getBoundSql(parameter);
            }
            BoundSql bound = new BoundSql(configuration, shape.sql(), shape.mappings(), parameter);
            Map<String, Object> names = bound.getAdditionalParameters();
            names.put(PARAMETER_OBJECT_KEY, parameter);
            names.put(DATABASE_ID_KEY, configuration.getDatabaseId());
            for (int i = 0; i < rows.size(); i++) {
                names.put(shape.rows()[i], rows.get(i));
                if (shape.indexes() != null) {
                    names.put(shape.indexes()[i], i);
                }
            }
            return bound;
        }

        /** The rows of a bulk insert, when they are all of one class; null otherwise. */
        private static List<?> rowsOf(Object parameter) {
            if (!(parameter instanceof Map<?, ?> map) || !(map.get("list") instanceof List<?> rows) || rows.isEmpty()) {
                return null;
            }
            Class<?> type = rows.getFirst() == null ? null : rows.getFirst().getClass();
            for (Object row : rows) {
                if (row == null || row.getClass() != type) {
                    return null;
                }
            }
            return rows;
        }

        /**
         * The shape of what MyBatis built, where each of its parameters reads a row, a row's index or the
         * parameter itself under the name this source gives them; {@link #UNCHECKED} otherwise.
         */
        private Shape learn(BoundSql built, List<?> rows) {
            String[] names = new String[rows.size()];
            String[] indexes = index == null ? null : new String[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                names[i] = ForEachSqlNode.ITEM_PREFIX + item + "_" + i;
                if (indexes != null) {
                    indexes[i] = ForEachSqlNode.ITEM_PREFIX + index + "_" + i;
                }
            }
            List<String> known = new ArrayList<>(List.of(names));
            if (indexes != null) {
                known.addAll(List.of(indexes));
            }
            for (ParameterMapping mapping : built.getParameterMappings()) {
                String name = new PropertyTokenizer(mapping.getProperty()).getName();
                int at = known.indexOf(name);
                boolean same = at >= 0 && at < names.length ? built.getAdditionalParameter(name) == rows.get(at)
                        : at >= names.length ? Integer.valueOf(at - names.length).equals(built.getAdditionalParameter(name))
                        : name.equals(PARAMETER_OBJECT_KEY) || name.equals(DATABASE_ID_KEY);
                if (!same) {
                    return UNCHECKED;
                }
            }
            return new Shape(built.getSql(), List.copyOf(built.getParameterMappings()), names, indexes);
        }
    }
}
