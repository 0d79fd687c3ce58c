package dev.trellis.workflow.internal;

import dev.trellis.core.Problem;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.flowable.bpmn.converter.BpmnXMLConverter;
import org.flowable.bpmn.model.BpmnModel;

/**
 * Reads BPMN 2.0 XML into Flowable's model without letting the document reach outside itself: no DTD, no
 * external entities, no external schemas (XXE). A document that does not read is one {@code bpmn-invalid}
 * problem with the parser's line and column.
 */
final class BpmnReader {

    private static final XMLInputFactory FACTORY = secureFactory();

    private BpmnReader() {
    }

    private static XMLInputFactory secureFactory() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_DTD, "");
        trySet(factory, XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return factory;
    }

    private static void trySet(XMLInputFactory factory, String property, Object value) {
        try {
            factory.setProperty(property, value);
        } catch (IllegalArgumentException e) {
            // not every StAX implementation knows these; DTDs are already off, which is what stops XXE
        }
    }

    /** The model, or null after adding a problem at {@code path}. */
    static BpmnModel read(String xml, String path, List<Problem> problems) {
        if (xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY")) {
            problems.add(Problem.of("bpmn-doctype-forbidden", path, "a BPMN document may not declare a DOCTYPE or "
                    + "entities; remove the <!DOCTYPE …> part"));
            return null;
        }
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                return new BpmnXMLConverter().convertToBpmnModel(reader);
            } finally {
                reader.close();
            }
        } catch (XMLStreamException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + ": ";
            problems.add(new Problem("bpmn-invalid", path, where + "not BPMN 2.0 XML: " + rootMessage(e), Map.of()));
        } catch (RuntimeException e) {
            problems.add(Problem.of("bpmn-invalid", path, "not BPMN 2.0 XML: " + rootMessage(e)));
        }
        return null;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
