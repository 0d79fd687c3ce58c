package dev.trellis.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trellis.core.InvalidException;
import dev.trellis.core.Problem;
import dev.trellis.rule.internal.DefaultExpressionService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expressions that try to leave the sandbox. Each is refused by the checker with a message naming where,
 * and none runs: the ones with a side effect would leave a file or a system property behind.
 */
class SandboxEscapeTest {

    private static final ExpressionService SERVICE = new DefaultExpressionService();
    private static final Path MARK = Path.of(System.getProperty("java.io.tmpdir"), "trellis-sandbox-escaped");
    private static final String MARK_TEXT = MARK.toString().replace("\\", "/");

    @BeforeAll
    @AfterAll
    static void clean() throws Exception {
        Files.deleteIfExists(MARK);
        System.clearProperty("trellis.escaped");
    }

    static Stream<Arguments> attempts() {
        return Stream.of(
                // process execution
                attempt("Runtime.getRuntime().exec('touch " + MARK_TEXT + "')", "expression-method-call"),
                attempt("java.lang.Runtime.getRuntime().exec(\"touch " + MARK_TEXT + "\")", "expression-method-call"),
                attempt("new java.lang.ProcessBuilder('touch', '" + MARK_TEXT + "').start()", "expression-syntax"),
                attempt("new ProcessBuilder(['touch', '" + MARK_TEXT + "']).start()", "expression-syntax"),
                // reflection and class loading
                attempt("''.getClass().forName('java.lang.Runtime')", "expression-syntax"),
                attempt("\"\".getClass().forName(\"java.lang.Runtime\").getMethod(\"getRuntime\").invoke(null)",
                        "expression-syntax"),
                attempt("Class.forName('java.lang.Runtime')", "expression-method-call"),
                attempt("amount.getClass()", "expression-method-call"),
                attempt("note.class", "expression-field-not-lookup"),
                attempt("Thread.currentThread().getContextClassLoader().loadClass('x')", "expression-method-call"),
                attempt("java.lang.ClassLoader.getSystemClassLoader()", "expression-method-call"),
                // exiting, threads
                attempt("System.exit(1)", "expression-method-call"),
                attempt("java.lang.System.exit(0)", "expression-method-call"),
                attempt("new Thread().start()", "expression-syntax"),
                attempt("System.setProperty('trellis.escaped', 'yes')", "expression-method-call"),
                // files and network
                attempt("new java.io.File('" + MARK_TEXT + "').createNewFile()", "expression-syntax"),
                attempt("new java.io.FileOutputStream('" + MARK_TEXT + "')", "expression-syntax"),
                attempt("java.nio.file.Files.readString(java.nio.file.Path.of('/etc/passwd'))", "expression-method-call"),
                attempt("new java.net.URL('http://example.com').openStream()", "expression-syntax"),
                attempt("new java.net.Socket('example.com', 80)", "expression-syntax"),
                // MVEL's own syntaxes: statements, imports, definitions, assignment, templates, with, projection, loops
                attempt("import java.lang.Runtime; Runtime.getRuntime()", "expression-character-invalid"),
                attempt("def f() { 1 }; f()", "expression-character-invalid"),
                attempt("function f() { return 1; }", "expression-character-invalid"),
                attempt("amount = 0", "expression-character-invalid"),
                attempt("amount += 1", "expression-character-invalid"),
                attempt("1; System.exit(0)", "expression-character-invalid"),
                attempt("@{Runtime.getRuntime().exec('id')}", "expression-character-invalid"),
                attempt("orb = @{System.exit(1)}", "expression-character-invalid"),
                attempt("with (partner) { name = 'x' }", "expression-character-invalid"),
                attempt("partner.{ name = 'x' }", "expression-character-invalid"),
                attempt("(name in [partner])", "expression-syntax"),
                attempt("foreach (x : [1, 2]) { System.exit(0) }", "expression-character-invalid"),
                attempt("while (true) { }", "expression-character-invalid"),
                attempt("if (true) { System.exit(0) }", "expression-character-invalid"),
                attempt("assert false", "expression-syntax"),
                attempt("isdef amount", "expression-syntax"),
                // static calls and the evaluator's own variables
                attempt("Math.random()", "expression-method-call"),
                attempt("java.lang.Math.max(1, 2)", "expression-method-call"),
                attempt("fn.round(amount, 2)", "expression-method-call"),
                attempt("fn", "expression-field-unknown"),
                attempt("v0 + 1", "expression-field-unknown"),
                attempt("this", "expression-field-unknown"),
                attempt("empty == amount", "expression-field-unknown"),
                // access on values, casts, coercions, odd literals
                attempt("note.toString()", "expression-method-call"),
                attempt("['a', 'b'].size()", "expression-syntax"),
                attempt("tags[0]", "expression-syntax"),
                attempt("(java.lang.String) note", "expression-syntax"),
                attempt("note instanceof String", "expression-syntax"),
                attempt("'1' + 1", "expression-type-mismatch"),
                attempt("amount == '5'", "expression-type-mismatch"),
                attempt("true + 1", "expression-type-mismatch"),
                attempt("1B + 2B", "expression-number-invalid"),
                attempt("0x7f", "expression-number-invalid"),
                attempt("'\\u0041'", "expression-escape-invalid"),
                attempt("partner.?name", "expression-syntax"),
                attempt("$amount", "expression-character-invalid"),
                attempt("amount # 2", "expression-character-invalid"),
                attempt("`id`", "expression-character-invalid"),
                attempt("null == amount", "expression-null"),
                attempt("user.getClass()", "expression-method-call"),
                attempt("text(note.class.forName('java.lang.Runtime'))", "expression-method-call"));
    }

    private static Arguments attempt(String source, String code) {
        return Arguments.of(source, code);
    }

    @ParameterizedTest
    @MethodSource("attempts")
    void isRefusedWithAClearMessageAndNeverRuns(String source, String code) {
        List<Problem> problems = SERVICE.check(Scopes.ORDERS, source, null, "/condition");
        assertThat(problems).as(source).isNotEmpty();
        assertThat(problems.getFirst().code()).as(source).isEqualTo(code);
        assertThat(problems.getFirst().message()).as(source).matches("line \\d+, column \\d+: .{10,}");
        assertThat(problems.getFirst().path()).isEqualTo("/condition");
        assertThatThrownBy(() -> SERVICE.compile(Scopes.ORDERS, source, null)).isInstanceOf(InvalidException.class);
        assertThat(MARK).doesNotExist();
        assertThat(System.getProperty("trellis.escaped")).isNull();
    }

    @Test
    void theCorpusIsLargeEnough() {
        assertThat(attempts().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void textThatLooksLikeCodeIsOnlyText() {
        Expression e = SERVICE.compile(Scopes.ORDERS, "'@{System.exit(1)}' + \"'); Runtime.getRuntime().exec('x\"", null);
        assertThat(e.evaluate(MapRecordContext.of(Scopes.ORDERS, java.util.Map.of(), null)))
                .isEqualTo("@{System.exit(1)}'); Runtime.getRuntime().exec('x");
        assertThat(MARK).doesNotExist();
    }
}
