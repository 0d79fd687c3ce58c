package dev.trellis.form.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Tells a file's content type from its bytes, never from what the client claims. It knows the types Trellis
 * accepts (pictures, PDF, Office Open XML documents, zip, plain text and CSV) and the ones it must recognise
 * to refuse (executables, HTML, SVG, scripts); everything else is {@code application/octet-stream}.
 * A file name whose extension promises another type than the bytes show is a disguised file.
 */
final class ContentSniffer {

    static final String OCTET_STREAM = "application/octet-stream";

    /** Types never stored, whatever a form allows: they run code when opened or shown in a browser. */
    static final Set<String> ACTIVE = Set.of("application/x-msdownload", "application/x-elf", "text/html",
            "image/svg+xml", "application/x-sh", "application/java-archive");

    /** What an extension promises. */
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("pdf", "application/pdf"),
            Map.entry("zip", "application/zip"),
            Map.entry("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            Map.entry("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            Map.entry("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
            Map.entry("txt", "text/plain"), Map.entry("csv", "text/csv"), Map.entry("exe", "application/x-msdownload"),
            Map.entry("html", "text/html"), Map.entry("htm", "text/html"), Map.entry("svg", "image/svg+xml"),
            Map.entry("jar", "application/java-archive"), Map.entry("sh", "application/x-sh"));

    /** Human names for messages. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("image/png", "a PNG image"), Map.entry("image/jpeg", "a JPEG image"),
            Map.entry("image/gif", "a GIF image"), Map.entry("image/webp", "a WebP image"),
            Map.entry("application/pdf", "a PDF document"), Map.entry("application/zip", "a zip archive"),
            Map.entry("application/x-msdownload", "a Windows program"), Map.entry("application/x-elf", "a Linux program"),
            Map.entry("text/html", "an HTML page"), Map.entry("image/svg+xml", "an SVG drawing (it can hold scripts)"),
            Map.entry("application/x-sh", "a shell script"), Map.entry("application/java-archive", "a Java archive"),
            Map.entry("text/plain", "plain text"), Map.entry("text/csv", "CSV text"),
            Map.entry(OCTET_STREAM, "a file of unknown type"));

    private ContentSniffer() {
    }

    /** The content type the bytes show; {@code name} only tells CSV from other text and a jar from a zip. */
    static String sniff(byte[] bytes, String name) {
        if (starts(bytes, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(bytes, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (startsWith(bytes, "GIF87a") || startsWith(bytes, "GIF89a")) {
            return "image/gif";
        }
        if (startsWith(bytes, "RIFF") && bytes.length >= 12 && new String(bytes, 8, 4, StandardCharsets.ISO_8859_1).equals("WEBP")) {
            return "image/webp";
        }
        if (startsWith(bytes, "%PDF-")) {
            return "application/pdf";
        }
        if (starts(bytes, 'P', 'K', 3, 4) || starts(bytes, 'P', 'K', 5, 6)) {
            return zip(bytes);
        }
        if (startsWith(bytes, "MZ")) {
            return "application/x-msdownload";
        }
        if (starts(bytes, 0x7F, 'E', 'L', 'F')) {
            return "application/x-elf";
        }
        if (startsWith(bytes, "#!")) {
            return "application/x-sh";
        }
        String text = utf8(bytes);
        if (text == null) {
            return OCTET_STREAM;
        }
        String head = text.stripLeading().toLowerCase(Locale.ROOT);
        head = head.substring(0, Math.min(head.length(), 1024));
        if (head.contains("<svg")) {
            return "image/svg+xml";
        }
        for (String tag : new String[] {"<!doctype html", "<html", "<head", "<body", "<script", "<iframe", "<meta", "<a ",
                "<img", "<div", "<object", "<embed"}) {
            if (head.startsWith(tag) || head.startsWith("<?xml") && head.contains(tag)) {
                return "text/html";
            }
        }
        return extension(name).equals("csv") ? "text/csv" : "text/plain";
    }

    /**
     * The type the name's extension promises, or null for an extension without a promise (or none). A file
     * whose sniffed type differs from its promise is disguised: {@code photo.png} holding a zip archive.
     */
    static String promised(String name) {
        return BY_EXTENSION.get(extension(name));
    }

    static String describe(String type) {
        return NAMES.getOrDefault(type, type);
    }

    private static String extension(String name) {
        int dot = name == null ? -1 : name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** Office Open XML documents and jars are zip archives; the names of their first entries tell them apart. */
    private static String zip(byte[] bytes) {
        String entries = new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        if (entries.contains("[Content_Types].xml") || entries.contains("_rels/.rels")) {
            if (entries.contains("word/")) {
                return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            }
            if (entries.contains("xl/")) {
                return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
            }
            if (entries.contains("ppt/")) {
                return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
            }
        }
        if (entries.contains("META-INF/MANIFEST.MF") || entries.contains(".class")) {
            return "application/java-archive";
        }
        return "application/zip";
    }

    /** The bytes as text when they are valid UTF-8 without control characters other than tab and line ends. */
    private static String utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' || c == 0x7F) {
                    return null;
                }
            }
            return text;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean startsWith(byte[] bytes, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.ISO_8859_1);
        return bytes.length >= p.length && Arrays.equals(bytes, 0, p.length, p, 0, p.length);
    }

    private static boolean starts(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
