package dev.trellis.form.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The content type comes from the bytes; the name only tells CSV from text and promises what the bytes must be. */
class ContentSnifferTest {

    private static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void picturesDocumentsAndArchivesAreKnownByTheirMagicNumbers() {
        assertThat(ContentSniffer.sniff(bytes("\u0089PNG\r\n\u001a\n...."), "x")).isEqualTo("image/png");
        assertThat(ContentSniffer.sniff(bytes("\u00ff\u00d8\u00ff\u00e0JFIF"), "x")).isEqualTo("image/jpeg");
        assertThat(ContentSniffer.sniff(bytes("GIF89a...."), "x")).isEqualTo("image/gif");
        assertThat(ContentSniffer.sniff(bytes("RIFF\u0000\u0000\u0000\u0000WEBPVP8 "), "x")).isEqualTo("image/webp");
        assertThat(ContentSniffer.sniff(bytes("%PDF-1.7\n"), "x")).isEqualTo("application/pdf");
        assertThat(ContentSniffer.sniff(bytes("PK\u0003\u0004....[Content_Types].xml....word/document.xml"), "x"))
                .isEqualTo("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        assertThat(ContentSniffer.sniff(bytes("PK\u0003\u0004....META-INF/MANIFEST.MF"), "x")).isEqualTo("application/java-archive");
        assertThat(ContentSniffer.sniff(bytes("PK\u0003\u0004....photo.jpg"), "x")).isEqualTo("application/zip");
    }

    @Test
    void programsScriptsAndPagesAreRecognisedToBeRefused() {
        assertThat(ContentSniffer.sniff(bytes("MZ\u0090\u0000"), "a.png")).isEqualTo("application/x-msdownload");
        assertThat(ContentSniffer.sniff(bytes("\u007fELF\u0002"), "a")).isEqualTo("application/x-elf");
        assertThat(ContentSniffer.sniff(bytes("#!/bin/sh\nrm -rf /"), "a.txt")).isEqualTo("application/x-sh");
        assertThat(ContentSniffer.sniff("\n  <HTML><body>hi".getBytes(StandardCharsets.UTF_8), "a.txt")).isEqualTo("text/html");
        assertThat(ContentSniffer.sniff("<?xml version=\"1.0\"?><svg onload=\"x()\"/>".getBytes(StandardCharsets.UTF_8), "a"))
                .isEqualTo("image/svg+xml");
        assertThat(ContentSniffer.ACTIVE).contains("text/html", "image/svg+xml", "application/x-msdownload");
    }

    @Test
    void textIsTextAndTheNameOnlyPromises() {
        assertThat(ContentSniffer.sniff("sku,qty\nA,1\n".getBytes(StandardCharsets.UTF_8), "lines.csv")).isEqualTo("text/csv");
        assertThat(ContentSniffer.sniff("订单 <a href> 备注".getBytes(StandardCharsets.UTF_8), "note.txt")).isEqualTo("text/plain");
        assertThat(ContentSniffer.sniff(new byte[] {1, 2, 3, (byte) 0xFE}, "x.bin")).isEqualTo("application/octet-stream");
        assertThat(ContentSniffer.promised("Shelf.PNG")).isEqualTo("image/png");
        assertThat(ContentSniffer.promised("archive.tar.gz")).isNull();
        assertThat(ContentSniffer.promised("README")).isNull();
    }
}
