package dev.trellis.form;

import static dev.trellis.core.testing.CoreContext.ADMIN;
import static dev.trellis.core.testing.CoreContext.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.core.NotFoundException;
import dev.trellis.core.metadata.MetadataService;
import dev.trellis.core.testing.CoreContext;
import dev.trellis.rule.RuleEngineConfiguration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Files: sniffed, limited, stored with checksum and size, served only through the record that holds them. */
class AttachmentIT {

    private static final String APP = "attach_it";
    private static AttachmentService attachments;
    private static FormService forms;
    private static Actor acme;
    private static Actor beta;

    static byte[] png(int size) {
        byte[] bytes = new byte[size];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        System.arraycopy(signature, 0, bytes, 0, signature.length);
        return bytes;
    }

    static final byte[] ZIP = "PK\u0003\u0004 an archive".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] EXE = "MZ\u0090\u0000 a program".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] PDF = "%PDF-1.7 a document".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] HTML = "  <!DOCTYPE html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void publish() {
        CoreContext.extend(RuleEngineConfiguration.class, FormEngineConfiguration.class);
        MetadataService metadata = CoreContext.metadata();
        attachments = CoreContext.get().getBean(AttachmentService.class);
        forms = CoreContext.get().getBean(FormService.class);
        metadata.saveDraft(ADMIN, APP, "app", APP, json("{\"name\": \"" + APP + "\"}"), null);
        metadata.saveDraft(ADMIN, APP, "object", "partner", json("""
                {"name": "partner", "sharing": {"partnerAccount": true}, "fields": [{"name": "name", "type": "text"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "object", "channel_issue", json("""
                {"name": "channel_issue", "sharing": {"model": "private", "partnerPath": "partner"}, "fields": [
                  {"name": "partner", "type": "lookup", "target": "partner"}, {"name": "title", "type": "text"},
                  {"name": "photo", "type": "image"}, {"name": "report", "type": "attachment"}]}"""), null);
        metadata.saveDraft(ADMIN, APP, "permission_set", "portal", json("""
                {"name": "portal", "objects": {"partner": {"read": true},
                  "channel_issue": {"create": true, "read": true, "edit": true, "delete": true}}}"""), null);
        metadata.saveDraft(ADMIN, APP, "role", "partner_user", json("""
                {"name": "partner_user", "permissionSets": ["portal"]}"""), null);
        metadata.saveDraft(ADMIN, APP, "form", "issue_entry", json("""
                {"name": "issue_entry", "object": "channel_issue", "layout": [
                  {"type": "field", "field": "partner"}, {"type": "field", "field": "title"},
                  {"type": "field", "field": "photo", "maxSize": 1000},
                  {"type": "field", "field": "report", "accept": ["application/pdf"]}]}"""), null);
        metadata.publish(ADMIN, APP, false, null);
        long acmeId = (Long) CoreContext.records().create(ADMIN, APP, "partner", json("{\"name\": \"Acme\"}")).get("id");
        long betaId = (Long) CoreContext.records().create(ADMIN, APP, "partner", json("{\"name\": \"Beta\"}")).get("id");
        acme = new Actor(301, "li.acme", Set.of("partner_user"), null, new Actor.PartnerAccount(APP, acmeId));
        beta = new Actor(302, "wang.beta", Set.of("partner_user"), null, new Actor.PartnerAccount(APP, betaId));
    }

    private static long stored() {
        return CoreContext.dsl().fetchCount(org.jooq.impl.DSL.table(org.jooq.impl.DSL.name("trellis_sys", "attachment")),
                org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("app")).eq(APP));
    }

    private static String refused(String field, String form, String name, byte[] content) {
        InvalidException e = catchThrowableOfType(InvalidException.class,
                () -> attachments.upload(acme, APP, "channel_issue", field, form, name, content));
        assertThat(e).as(name + " is refused").isNotNull();
        return e.problems().stream().map(p -> p.code()).sorted().reduce((a, b) -> a + " " + b).orElseThrow();
    }

    @Test
    void uploadsAreSniffedAndDisguisedOversizeOrActiveFilesRefused() throws Exception {
        Attachment photo = attachments.upload(acme, APP, "channel_issue", "photo", null, "C:\\shots\\shelf.png", png(64));
        assertThat(photo.contentType()).isEqualTo("image/png");
        assertThat(photo.fileName()).isEqualTo("shelf.png");
        assertThat(photo.size()).isEqualTo(64);
        assertThat(photo.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(png(64))));
        long before = stored();
        assertThat(refused("photo", null, "shelf.png", ZIP)).isEqualTo("attachment-disguised");
        assertThat(refused("report", null, "invoice.pdf", EXE)).isEqualTo("attachment-disguised");
        assertThat(refused("report", null, "notes.txt", HTML)).isEqualTo("attachment-disguised");
        assertThat(refused("report", null, "tool", EXE)).isEqualTo("attachment-type-refused");
        assertThat(refused("photo", null, "scan.pdf", PDF)).isEqualTo("attachment-type-not-allowed");
        assertThat(refused("photo", "issue_entry", "big.png", png(2000))).isEqualTo("attachment-too-large");
        assertThat(refused("photo", "issue_entry", "big.png", concat(ZIP, new byte[2000])))
                .isEqualTo("attachment-disguised attachment-too-large");
        assertThat(refused("title", null, "a.png", png(10))).isEqualTo("field-not-a-file");
        assertThat(stored()).as("nothing stored").isEqualTo(before);
        assertThat(attachments.upload(acme, APP, "channel_issue", "report", "issue_entry", "invoice.pdf", PDF)
                .contentType()).isEqualTo("application/pdf");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void aSubmittedFileIsServedOnlyThroughItsRecord() {
        Attachment photo = attachments.upload(acme, APP, "channel_issue", "photo", "issue_entry", "shelf.png", png(100));
        InvalidException viaRecords = catchThrowableOfType(InvalidException.class, () -> CoreContext.records().create(beta,
                APP, "channel_issue", json("{\"partner\": %d, \"photo\": %d}".formatted(beta.partner().id(), photo.id()))));
        assertThat(viaRecords.problems()).extracting(p -> p.path() + " " + p.code())
                .as("the records API guards files too").containsExactly("/photo attachment-unknown");
        assertThat(catchThrowableOfType(NotFoundException.class, () -> attachments.describe(beta, APP, photo.id())))
                .as("an unclaimed upload is its uploader's alone").isNotNull();
        FormSubmitResult saved = forms.submit(acme, APP, "channel_issue", "issue_entry", json("""
                {"values": {"partner": %d, "title": "broken shelf", "photo": %d}}"""
                .formatted(acme.partner().id(), photo.id())));
        assertThat(saved.record().get("photo")).isEqualTo(photo.id());
        AttachmentContent content = attachments.download(acme, APP, photo.id());
        assertThat(content.content()).isEqualTo(png(100));
        assertThat(content.attachment().recordId()).isEqualTo(saved.record().get("id"));
        assertThat(attachments.download(ADMIN, APP, photo.id()).attachment().contentType()).isEqualTo("image/png");
        NotFoundException hidden = catchThrowableOfType(NotFoundException.class,
                () -> attachments.download(beta, APP, photo.id()));
        assertThat(hidden.code()).isEqualTo("attachment-not-found");
        // another partner's record cannot take the file either
        InvalidException taken = catchThrowableOfType(InvalidException.class, () -> forms.submit(beta, APP,
                "channel_issue", "issue_entry", json("""
                        {"values": {"partner": %d, "title": "mine now", "photo": %d}}"""
                        .formatted(beta.partner().id(), photo.id()))));
        assertThat(taken.problems()).extracting(p -> p.path() + " " + p.code())
                .containsExactly("/values/photo attachment-unknown");
    }

    @Test
    void aFileTooLargeForTheFormIsRefusedOnSubmitAndReplacedFilesGo() {
        Attachment big = attachments.upload(acme, APP, "channel_issue", "photo", null, "big.png", png(5000));
        String issue = """
                {"values": {"partner": %d, "title": "dusty", "photo": %d}}""";
        InvalidException refused = catchThrowableOfType(InvalidException.class, () -> forms.submit(acme, APP,
                "channel_issue", "issue_entry", json(issue.formatted(acme.partner().id(), big.id()))));
        assertThat(refused.problems()).extracting(p -> p.path() + " " + p.code())
                .containsExactly("/values/photo attachment-too-large");
        Attachment small = attachments.upload(acme, APP, "channel_issue", "photo", null, "small.png", png(10));
        FormSubmitResult saved = forms.submit(acme, APP, "channel_issue", "issue_entry",
                json(issue.formatted(acme.partner().id(), small.id())));
        long id = (Long) saved.record().get("id");
        Attachment replacement = attachments.upload(acme, APP, "channel_issue", "photo", null, "new.png", png(20));
        forms.submit(acme, APP, "channel_issue", "issue_entry", json("""
                {"id": %d, "version": %d, "values": {"photo": %d}}""".formatted(id, saved.record().get("version"),
                replacement.id())));
        assertThat(catchThrowableOfType(NotFoundException.class, () -> attachments.describe(ADMIN, APP, small.id())))
                .as("the replaced file is deleted").isNotNull();
        CoreContext.records().delete(acme, APP, "channel_issue", id, null);
        assertThat(catchThrowableOfType(NotFoundException.class,
                () -> attachments.describe(ADMIN, APP, replacement.id()))).as("and a deleted record's files").isNotNull();
    }
}
