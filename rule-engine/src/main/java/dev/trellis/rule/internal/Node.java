package dev.trellis.rule.internal;

import java.math.BigDecimal;
import java.util.List;

/** The syntax tree of an expression. Every node knows where it starts in the source. */
sealed interface Node {

    int offset();

    record Number(BigDecimal value, int offset) implements Node {
    }

    record Text(String value, int offset) implements Node {
    }

    record Bool(boolean value, int offset) implements Node {
    }

    /** {@code partner.tier.code}, {@code prior.amount}, {@code user.id}: names joined by dots. */
    record Path(List<String> names, int offset) implements Node {
    }

    record Unary(String operator, Node operand, int offset) implements Node {
    }

    record Binary(String operator, Node left, Node right, int offset) implements Node {
    }

    record Conditional(Node condition, Node then, Node otherwise, int offset) implements Node {
    }

    /** A call of a library function by name; the only kind of call there is. */
    record Call(String function, List<Node> arguments, int offset) implements Node {
    }

    record ListOf(List<Node> items, int offset) implements Node {
    }
}
