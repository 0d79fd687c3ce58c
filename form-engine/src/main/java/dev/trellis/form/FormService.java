package dev.trellis.form;

import dev.trellis.core.Actor;
import tools.jackson.databind.node.ObjectNode;

/** Forms as the generated apps and the designer preview draw them. */
public interface FormService {

    /**
     * The render model of a form for this viewer: the named form, or else the first form of the object for one
     * of the viewer's roles, a form for everyone, or the object's default form.
     */
    ObjectNode render(Actor actor, String app, String object, String form);
}
