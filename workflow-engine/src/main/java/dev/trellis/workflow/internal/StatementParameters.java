package dev.trellis.workflow.internal;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.ParameterMapping;
import org.apache.ibatis.mapping.ParameterMode;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Intercepts;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Signature;
import org.apache.ibatis.reflection.invoker.Invoker;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.type.JdbcType;
import org.apache.ibatis.type.TypeException;
import org.apache.ibatis.type.TypeHandler;

/**
 * Sets the parameters of Flowable's statements as MyBatis's default parameter handler does, but reads each
 * entity property through a getter compiled once per class and property instead of by reflection on every
 * statement: MyBatis's reflective reads were an eighth of the engine's CPU per approval in the workflow bench
 * (each flush binds every column of every row it writes). A dotted path is read one compiled getter per
 * step; an indexed path ({@code a[0]}), or any statement with an output parameter, goes through MyBatis as
 * before; a compiled getter is checked once against MyBatis's own read of the same property before it is used.
 */
@Intercepts(@Signature(type = StatementHandler.class, method = "parameterize", args = Statement.class))
final class StatementParameters implements Interceptor {

    /** A property of a class. */
    private record Property(Class<?> type, String name) {
    }

    private final Map<Property, Function<Object, Object>> getters = new ConcurrentHashMap<>();
    private volatile Configuration configuration;

    /** Starts setting parameters for the MyBatis configuration the engine built; until then MyBatis sets them. */
    void use(Configuration built) {
        this.configuration = built;
    }

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        Configuration built = configuration;
        if (built == null || !(invocation.getArgs()[0] instanceof PreparedStatement statement)) {
            return invocation.proceed();
        }
        BoundSql bound = ((StatementHandler) invocation.getTarget()).getBoundSql();
        if (!set(built, statement, bound)) {
            return invocation.proceed();
        }
        return null;
    }

    /** Sets the statement's parameters; false, having set none, where one is not an input (MyBatis sets those). */
    boolean set(Configuration built, PreparedStatement statement, BoundSql bound) throws SQLException {
        List<ParameterMapping> mappings = bound.getParameterMappings();
        for (ParameterMapping mapping : mappings) {
            if (mapping.getMode() != ParameterMode.IN || mapping.getTypeHandler() == null) {
                return false;
            }
        }
        Object parameter = bound.getParameterObject();
        boolean whole = parameter != null && built.getTypeHandlerRegistry().hasTypeHandler(parameter.getClass());
        for (int i = 0; i < mappings.size(); i++) {
            ParameterMapping mapping = mappings.get(i);
            Object value = value(built, bound, parameter, whole, mapping.getProperty());
            JdbcType jdbcType = mapping.getJdbcType();
            if (value == null && jdbcType == null) {
                jdbcType = built.getJdbcTypeForNull();
            }
            @SuppressWarnings("unchecked")
            TypeHandler<Object> typeHandler = (TypeHandler<Object>) mapping.getTypeHandler();
            try {
                typeHandler.setParameter(statement, i + 1, value, jdbcType);
            } catch (TypeException | SQLException e) {
                throw new TypeException("Could not set parameters for mapping: " + mapping + ". Cause: " + e, e);
            }
        }
        return true;
    }

    /**
     * The value of one parameter, found where MyBatis's default parameter handler finds it: a binding of the
     * statement (a {@code <foreach>} row) by the path's first name, else the parameter itself where MyBatis has a
     * type handler for it, else the path read from the parameter.
     */
    private Object value(Configuration built, BoundSql bound, Object parameter, boolean whole, String property) {
        boolean indexed = property.indexOf('[') >= 0;
        String[] path = property.split("\\.", -1);
        Map<String, Object> bindings = bound.getAdditionalParameters();
        String root = indexed ? path[0].split("\\[", -1)[0] : path[0];
        if (bindings.containsKey(root)) {
            return indexed ? bound.getAdditionalParameter(property) : walk(built, bindings.get(root), path, 1);
        }
        if (parameter == null) {
            return null;
        }
        if (whole) {
            return parameter;
        }
        return indexed ? built.newMetaObject(parameter).getValue(property) : walk(built, parameter, path, 0);
    }

    private Object walk(Configuration built, Object holder, String[] path, int from) {
        Object value = holder;
        for (int i = from; i < path.length && value != null; i++) {
            value = read(built, value, path[i]);
        }
        return value;
    }

    /** One property of a bean or an entry of a map, as MyBatis's object wrappers read them. */
    private Object read(Configuration configuration, Object holder, String name) {
        if (holder instanceof Map<?, ?> map) {
            return map.get(name);
        }
        Function<Object, Object> getter = getters.get(new Property(holder.getClass(), name));
        if (getter == null) {
            getter = compile(configuration, holder, name);
            getters.putIfAbsent(new Property(holder.getClass(), name), getter);
        }
        return getter.apply(holder);
    }

    /**
     * A getter for the property, compiled from the public method MyBatis's reflector reads it with, kept only
     * where it reads the same value from the object at hand as MyBatis does; MyBatis's own read otherwise.
     */
    private static Function<Object, Object> compile(Configuration configuration, Object sample, String name) {
        Class<?> type = sample.getClass();
        Function<Object, Object> mybatis = object -> configuration.newMetaObject(object).getValue(name);
        try {
            Invoker invoker = configuration.getReflectorFactory().findForClass(type).getGetInvoker(name);
            Method method = getter(type, name);
            if (method == null || !method.getReturnType().equals(invoker.getType())) {
                return mybatis;
            }
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
            MethodHandle handle = lookup.unreflect(method);
            Class<?> returned = MethodType.methodType(method.getReturnType()).wrap().returnType();
            @SuppressWarnings("unchecked")
            Function<Object, Object> compiled = (Function<Object, Object>) LambdaMetafactory.metafactory(lookup, "apply",
                    MethodType.methodType(Function.class), MethodType.methodType(Object.class, Object.class), handle,
                    MethodType.methodType(returned, method.getDeclaringClass())).getTarget().invokeExact();
            return Objects.equals(compiled.apply(sample), mybatis.apply(sample)) ? compiled : mybatis;
        } catch (Throwable e) {
            return mybatis;
        }
    }

    /** The public no-argument {@code getX} or {@code isX} method of a public class; null where there is none. */
    private static Method getter(Class<?> type, String name) {
        if (!Modifier.isPublic(type.getModifiers()) || name.isEmpty()) {
            return null;
        }
        String suffix = Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (String prefix : List.of("get", "is")) {
            try {
                Method method = type.getMethod(prefix + suffix);
                if (method.getReturnType() != void.class && (prefix.equals("get") || method.getReturnType() == boolean.class)) {
                    return method;
                }
            } catch (NoSuchMethodException e) {
                // try the next prefix
            }
        }
        return null;
    }

}
