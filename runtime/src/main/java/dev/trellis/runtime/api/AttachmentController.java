package dev.trellis.runtime.api;

import dev.trellis.core.Actor;
import dev.trellis.core.InvalidException;
import dev.trellis.form.Attachment;
import dev.trellis.form.AttachmentContent;
import dev.trellis.form.AttachmentService;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Files of attachment and image fields. Upload the bytes as the request body ({@code curl --data-binary
 * @shelf.png "…/attachments?object=channel_issue&field=photo&name=shelf.png"}, optionally {@code &form=} for the
 * form's limits), then set the field to the returned id. A file is served only to those who can read the record
 * holding it (an unclaimed upload only to its uploader): anyone else gets a 404.
 */
@RestController
@RequestMapping("/api/v1/apps/{app}/attachments")
class AttachmentController {

    private final AttachmentService attachments;

    AttachmentController(AttachmentService attachments) {
        this.attachments = attachments;
    }

    @PostMapping
    ResponseEntity<Attachment> upload(Actor actor, @PathVariable String app, @RequestParam String object,
            @RequestParam String field, @RequestParam String name, @RequestParam(required = false) String form,
            HttpServletRequest request) throws IOException {
        long max = attachments.maxUploadSize();
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        byte[] content;
        try (InputStream in = request.getInputStream()) {
            content = in.readNBytes((int) max + 1); // never more than one byte past the limit in memory
        }
        if (content.length > max) {
            throw tooLarge(max);
        }
        Attachment stored = attachments.upload(actor, app, object, field, form, name, content);
        return ResponseEntity.created(URI.create("/api/v1/apps/" + app + "/attachments/" + stored.id())).body(stored);
    }

    @GetMapping("/{id}")
    Attachment describe(Actor actor, @PathVariable String app, @PathVariable long id) {
        return attachments.describe(actor, app, id);
    }

    /**
     * The bytes, typed as sniffed at upload, always as a download ({@code Content-Disposition: attachment}) and
     * with {@code nosniff}, so no browser renders a file as a page of this site.
     */
    @GetMapping("/{id}/content")
    ResponseEntity<byte[]> content(Actor actor, @PathVariable String app, @PathVariable long id) {
        AttachmentContent file = attachments.download(actor, app, id);
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.parseMediaType(file.attachment().contentType()));
        headers.setContentDisposition(ContentDisposition.attachment()
                .filename(file.attachment().fileName(), java.nio.charset.StandardCharsets.UTF_8).build());
        headers.set("X-Content-Type-Options", "nosniff");
        headers.setETag("\"" + file.attachment().sha256() + "\"");
        headers.set("Digest", "sha-256=" + java.util.Base64.getEncoder()
                .encodeToString(java.util.HexFormat.of().parseHex(file.attachment().sha256())));
        return ResponseEntity.ok().headers(headers).body(file.content());
    }

    private static InvalidException tooLarge(long max) {
        return InvalidException.of("attachment-too-large", "/file", "a file has at most " + max + " bytes");
    }
}
