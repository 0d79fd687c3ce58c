package dev.trellis.form.internal;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trellis.core.Actor;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.metadata.PublishedApp;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.form.FormDefinition;
import dev.trellis.form.FormEngineConfiguration;
import dev.trellis.form.FormService;
import dev.trellis.rule.RuleEngineConfiguration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A form is compiled once per published generation and permission scope, then shared. */
class FormCompilerIT {

    private static final String APP = "compile_it";

    @Test
    void aFormIsCompiledOncePerGenerationAndPermissionScope() {
        CoreContext.extend(RuleEngineConfiguration.class, FormEngineConfiguration.class);
        MetadataService metadata = CoreContext.metadata();
        DefaultFormService forms = (DefaultFormService) CoreContext.get().getBean(FormService.class);
        metadata.saveDraft(ADMIN, APP, "app", APP, json("{\"name\": \"" + APP + "\"}"), null);
        metadata.saveDraft(ADMIN, APP, "object", "sales_order", json("""
                {"name": "sales_order", "fields": [{"name": "amount", "type": "currency"}, {"name": "cost", "type": "currency"},
                  {"name": "rebate", "type": "currency", "formula": "amount * 0.03"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "permission_set", "reps", json("""
                {"name": "reps", "objects": {"sales_order": {"create": true, "read": true, "fields": {"cost": "hidden"}}}}"""),
                null);
        metadata.saveDraft(ADMIN, APP, "role", "rep", json("{\"name\": \"rep\", \"permissionSets\": [\"reps\"]}"), null);
        metadata.saveDraft(ADMIN, APP, "form", "entry", json("""
                {"name": "entry", "object": "sales_order", "layout": [{"type": "field", "field": "amount",
                  "requiredWhen": "cost > 0"}, {"type": "field", "field": "cost"}, {"type": "field", "field": "rebate"}]}"""),
                null);
        metadata.publish(ADMIN, APP, false, null);
        PublishedApp first = metadata.published(APP);
        FormDefinition entry = first.find("form", "entry", FormDefinition.class).orElseThrow();
        Actor rep = new Actor(70, "rep", Set.of("rep"));

        CompiledForm admins = forms.compiled(first, entry, ADMIN);
        assertThat(forms.compiled(first, entry, ADMIN)).isSameAs(admins);
        assertThat(forms.compiled(first, entry, new Actor(71, "boss", Set.of(Actor.ADMIN_ROLE))))
                .as("the same permissions share one compiled form").isSameAs(admins);
        CompiledForm reps = forms.compiled(first, entry, rep);
        assertThat(reps).isNotSameAs(admins);
        assertThat(reps.fields().get("cost").hidden()).isTrue();
        assertThat(admins.fields().get("cost").hidden()).isFalse();
        assertThat(admins.fields().get("rebate").settable()).as("a formula is computed, never set").isFalse();
        assertThat(admins.fields().get("amount").requiredWhen().source()).isEqualTo("cost > 0");

        metadata.saveDraft(ADMIN, APP, "form", "entry", json("""
                {"name": "entry", "object": "sales_order", "layout": [{"type": "field", "field": "amount"}]}"""), null);
        metadata.publish(ADMIN, APP, false, null);
        PublishedApp second = metadata.published(APP);
        CompiledForm republished = forms.compiled(second, second.find("form", "entry", FormDefinition.class).orElseThrow(),
                ADMIN);
        assertThat(republished).isNotSameAs(admins);
        assertThat(republished.fields()).containsOnlyKeys("amount");
    }
}
