package dev.trellis.core.storage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An auto-number pattern such as {@code SO-{yyyy}{mm}-{0000}}: literal text, date tokens
 * ({@code yyyy}, {@code yy}, {@code mm}, {@code dd}) and exactly one counter token of zeros giving its
 * minimum width. The counter comes from a database sequence per field and never repeats.
 */
public final class AutoNumberPattern {

    private static final Pattern TOKEN = Pattern.compile("\\{([^}]*)}");

    private sealed interface Part permits Literal, DateToken, Counter {
    }

    private record Literal(String text) implements Part {
    }

    private record DateToken(String token) implements Part {
    }

    private record Counter(int width) implements Part {
    }

    private final List<Part> parts;

    private AutoNumberPattern(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The parsed pattern, or the reason it is not one. */
    public static Result parse(String pattern) {
        List<Part> parts = new ArrayList<>();
        Matcher m = TOKEN.matcher(pattern);
        int at = 0;
        int counters = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(new Literal(pattern.substring(at, m.start())));
            }
            String token = m.group(1);
            if (token.matches("0+")) {
                counters++;
                parts.add(new Counter(token.length()));
            } else if (List.of("yyyy", "yy", "mm", "dd").contains(token)) {
                parts.add(new DateToken(token));
            } else {
                return new Result(null, "unknown token {" + token + "}: use {yyyy}, {yy}, {mm}, {dd} or {000…}");
            }
            at = m.end();
        }
        if (at < pattern.length()) {
            parts.add(new Literal(pattern.substring(at)));
        }
        if (parts.stream().anyMatch(p -> p instanceof Literal l && (l.text.contains("{") || l.text.contains("}")))) {
            return new Result(null, "unbalanced { or }");
        }
        if (counters != 1) {
            return new Result(null, "needs exactly one counter token such as {0000}");
        }
        return new Result(new AutoNumberPattern(parts), null);
    }

    /** A parse outcome: the pattern, or an error message. */
    public record Result(AutoNumberPattern pattern, String error) {
        public Optional<AutoNumberPattern> value() {
            return Optional.ofNullable(pattern);
        }
    }

    public String format(LocalDate date, long counter) {
        StringBuilder sb = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Literal l -> sb.append(l.text);
                // Locale.ROOT: under a default locale such as ar-EG, %d would print Arabic-Indic digits
                case DateToken d -> sb.append(switch (d.token) {
                    case "yyyy" -> String.format(Locale.ROOT, "%04d", date.getYear());
                    case "yy" -> String.format(Locale.ROOT, "%02d", date.getYear() % 100);
                    case "mm" -> String.format(Locale.ROOT, "%02d", date.getMonthValue());
                    default -> String.format(Locale.ROOT, "%02d", date.getDayOfMonth());
                });
                case Counter c -> {
                    String digits = Long.toString(counter);
                    sb.append("0".repeat(Math.max(0, c.width - digits.length()))).append(digits);
                }
            }
        }
        return sb.toString();
    }
}
