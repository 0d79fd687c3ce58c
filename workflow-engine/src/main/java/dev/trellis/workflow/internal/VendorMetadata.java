package dev.trellis.workflow.internal;

import dev.trellis.core.Problem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.flowable.bpmn.model.BaseElement;
import org.flowable.bpmn.model.ExtensionAttribute;
import org.flowable.bpmn.model.ExtensionElement;

/**
 * What a modeler or another engine wrote beside the BPMN standard, on an element (vendor attributes such as
 * {@code camunda:asyncBefore}, {@code <extensionElements>} such as {@code camunda:properties}). Camunda Modeler,
 * Flowable Modeler and bpmn.io plugins write it into every export; none of it reaches the deployed process, since
 * {@link FlowCompiler} builds a new one from ids, names and the graph. So what only describes (flags for another
 * engine's job executor, form references, properties, modeler hints) is ignored on import, and what would run
 * (listeners, connectors, input/output mappings, field injection, scripts, external tasks) is refused with the
 * element's id; so is anything unknown, and any value holding an engine expression ({@code ${…}}, {@code #{…}}).
 * Flowable's converter already turns its own and Camunda's best-known attributes into model fields (assignee,
 * candidate groups, form key, class, delegate expression, listeners), which {@link BpmnChecker} judges there.
 */
final class VendorMetadata {

    private static final Pattern EL = Pattern.compile("[$#]\\{");

    /** Namespaces whose every element only describes: the modelers' own hints. */
    private static final Set<String> MODELER_NAMESPACES = Set.of("http://flowable.org/modeler",
            "http://camunda.org/schema/modeler/1.0", "http://bpmn.io/schema/bpmn");

    /** Vendor attributes that configure another engine's runtime or a form, and do nothing once ignored. */
    private static final Set<String> DESCRIBING_ATTRIBUTES = Set.of("async", "asyncBefore", "asyncAfter", "exclusive",
            "jobPriority", "taskPriority", "historyTimeToLive", "versionTag", "isStartableInTasklist", "initiator",
            "formKey", "formRef", "formRefBinding", "formRefVersion", "formFieldValidation", "candidateStarterUsers",
            "candidateStarterGroups", "modelerTemplate", "modelerTemplateVersion", "priority", "dueDate",
            "followUpDate", "category", "assignee", "candidateUsers", "candidateGroups", "owner", "isForCompensation",
            "triggerable", "failedJobRetryTimeCycle");

    /** Vendor extension elements that only describe (properties, form fields, retry settings). */
    private static final Set<String> DESCRIBING_ELEMENTS = Set.of("properties", "property", "formData", "formField",
            "formProperty", "failedJobRetryTimeCycle", "initiator-can-complete");

    /** Vendor extension elements that run code or move data when the engine reaches the element. */
    private static final Map<String, String> RUNNING_ELEMENTS = Map.ofEntries(
            Map.entry("executionListener", "an execution listener"), Map.entry("taskListener", "a task listener"),
            Map.entry("eventListener", "an event listener"), Map.entry("connector", "a connector"),
            Map.entry("inputOutput", "input/output mappings"), Map.entry("field", "field injection"),
            Map.entry("in", "variable mappings"), Map.entry("out", "variable mappings"), Map.entry("script", "a script"),
            Map.entry("errorEventDefinition", "an external task's error mapping"),
            Map.entry("taskDefinition", "a job worker's task definition"), Map.entry("ioMapping", "input/output mappings"),
            Map.entry("taskHeaders", "a job worker's headers"), Map.entry("calledDecision", "a decision call"));

    private VendorMetadata() {
    }

    /** Adds a problem at {@code /bpmn/<id>} for what would run or is unknown; ignores what only describes. */
    static void check(BaseElement element, String id, List<Problem> problems) {
        Set<String> running = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        boolean expression = false;
        for (List<ExtensionAttribute> attributes : element.getAttributes().values()) {
            for (ExtensionAttribute attribute : attributes) {
                String name = qualified(attribute.getNamespacePrefix(), attribute.getName());
                expression |= attribute.getValue() != null && EL.matcher(attribute.getValue()).find();
                if (!MODELER_NAMESPACES.contains(attribute.getNamespace())
                        && !DESCRIBING_ATTRIBUTES.contains(attribute.getName())) {
                    unknown.add(name);
                }
            }
        }
        for (List<ExtensionElement> extensions : element.getExtensionElements().values()) {
            for (ExtensionElement extension : extensions) {
                expression |= holdsExpression(extension);
                String name = qualified(extension.getNamespacePrefix(), extension.getName());
                if (RUNNING_ELEMENTS.containsKey(extension.getName())) {
                    running.add(name + " (" + RUNNING_ELEMENTS.get(extension.getName()) + ")");
                } else if (!MODELER_NAMESPACES.contains(extension.getNamespace())
                        && !DESCRIBING_ELEMENTS.contains(extension.getName())) {
                    unknown.add(name);
                }
            }
        }
        if (!running.isEmpty()) {
            problems.add(BpmnChecker.problem("extension-forbidden", id, "element '" + id + "' carries "
                    + String.join(", ", running) + ", which would run inside the platform; Trellis flows act through "
                    + "steps, service actions chosen by name in /services and triggers"));
        }
        if (expression) {
            problems.add(BpmnChecker.problem("expression-juel-forbidden", id, "element '" + id + "' holds a JUEL/UEL "
                    + "expression in its extensions, which could run Java code; Trellis flows carry no expression "
                    + "language of the engine's"));
        }
        if (!unknown.isEmpty()) {
            problems.add(BpmnChecker.problem("extension-unsupported", id, "element '" + id + "' carries "
                    + String.join(", ", unknown) + ", which Trellis does not know; remove them (approval settings go in "
                    + "/steps)"));
        }
    }

    /** Whether a value holds an engine expression: checked on what is ignored too, so none is ever let by. */
    static boolean holdsExpression(String value) {
        return value != null && EL.matcher(value).find();
    }

    private static boolean holdsExpression(ExtensionElement extension) {
        if (holdsExpression(extension.getElementText())) {
            return true;
        }
        for (List<ExtensionAttribute> attributes : extension.getAttributes().values()) {
            if (attributes.stream().anyMatch(a -> holdsExpression(a.getValue()))) {
                return true;
            }
        }
        for (List<ExtensionElement> children : extension.getChildElements().values()) {
            if (children.stream().anyMatch(VendorMetadata::holdsExpression)) {
                return true;
            }
        }
        return false;
    }

    private static String qualified(String prefix, String name) {
        return prefix == null || prefix.isEmpty() ? name : prefix + ":" + name;
    }
}
