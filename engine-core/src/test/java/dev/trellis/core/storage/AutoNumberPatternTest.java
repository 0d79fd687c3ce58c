package dev.trellis.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class AutoNumberPatternTest {

    private static final LocalDate MARCH_5 = LocalDate.of(2026, 3, 5);

    private static AutoNumberPattern pattern(String text) {
        AutoNumberPattern.Result result = AutoNumberPattern.parse(text);
        assertThat(result.error()).as(text).isNull();
        return result.value().orElseThrow();
    }

    private static String error(String text) {
        AutoNumberPattern.Result result = AutoNumberPattern.parse(text);
        assertThat(result.value()).as(text).isEmpty();
        return result.error();
    }

    @Test
    void dateTokensAndAZeroPaddedCounterMakeTheNumber() {
        assertThat(pattern("SO-{yyyy}{mm}-{0000}").format(MARCH_5, 7)).isEqualTo("SO-202603-0007");
        assertThat(pattern("{yy}{mm}{dd}/{00}").format(MARCH_5, 3)).isEqualTo("260305/03");
        assertThat(pattern("{0}").format(MARCH_5, 42)).isEqualTo("42");
        assertThat(pattern("INV {000} (EU)").format(MARCH_5, 9)).isEqualTo("INV 009 (EU)");
    }

    @Test
    void aCounterWiderThanItsTokenIsNeverCut() {
        assertThat(pattern("SO-{yyyy}{mm}-{0000}").format(MARCH_5, 123_456)).isEqualTo("SO-202603-123456");
    }

    @Test
    void digitsAreAsciiWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("ar-EG"));
            assertThat(pattern("SO-{yyyy}{mm}{dd}-{0000}").format(MARCH_5, 7)).isEqualTo("SO-20260305-0007");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void exactlyOneCounterIsRequired() {
        assertThat(error("SO-{yyyy}{mm}")).contains("exactly one counter");
        assertThat(error("SO-{000}-{000}")).contains("exactly one counter");
    }

    @Test
    void unknownTokensAndUnbalancedBracesAreRefused() {
        assertThat(error("SO-{week}-{000}")).contains("{week}");
        assertThat(error("SO-{}-{000}")).contains("unknown token");
        assertThat(error("SO-{YYYY}-{000}")).contains("{YYYY}");
        assertThat(error("SO-{yyyy-{000}")).isNotBlank();
        assertThat(error("SO-}{000}")).contains("unbalanced");
    }
}
