package dev.cvt4j.untrusted;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Renders values read from an untrusted file (a pickle, a YAML document, a safetensors header)
 * for a one-line error message.
 *
 * <p>The result is at most {@value #MAX_LENGTH} characters (longer text ends in {@code ...}),
 * control and formatting characters (newlines, escape sequences, bidirectional overrides) are
 * escaped as {@code \n}, {@code \t} or {@code \\uXXXX}, and containers are shown at most
 * {@value #MAX_DEPTH} levels deep and {@value #MAX_ITEMS} items wide, so that a self-containing
 * list, a YAML alias bomb or a 200,000-level nested tuple renders in constant time and stack
 * instead of overflowing (which {@code String.valueOf} on such a value does).
 */
public final class SafeText {
    /** The most characters a rendered value takes, ellipsis included. */
    public static final int MAX_LENGTH = 120;
    /** How many container levels are shown; deeper ones render as {@code ...}. */
    public static final int MAX_DEPTH = 3;
    /** How many items of a container are shown; more render as {@code ...}. */
    public static final int MAX_ITEMS = 6;

    private SafeText() {}

    /**
     * {@code value} rendered (see the class comment) between single quotes.
     *
     * @param value any value read from a file; null renders as {@code None}
     * @return {@code 'rendering'}
     */
    public static String quote(Object value) {
        return "'" + render(value) + "'";
    }

    /**
     * {@code value} rendered with control characters escaped, at most {@value #MAX_LENGTH} characters:
     * strings as their text, tuples ({@code Object[]}) as {@code (a, b)}, lists and sets as {@code [a, b]},
     * maps as <code>{k: v}</code>, byte arrays by their length, any other object by its type only (its
     * {@code toString} might walk a cyclic structure).
     *
     * @param value any value; null renders as {@code None}
     * @return the bounded, escaped rendering
     */
    public static String render(Object value) {
        Out out = new Out();
        out.value(value, 0);
        return out.text();
    }

    /**
     * {@code text} with control and formatting characters escaped, cut to at most {@value #MAX_LENGTH} characters.
     *
     * @param text any text read from a file
     * @return the escaped text
     */
    public static String escape(String text) {
        Out out = new Out();
        out.text(text);
        return out.text();
    }

    /** A bounded builder: appends nothing once {@link #MAX_LENGTH} is reached. */
    private static final class Out {
        private final StringBuilder sb = new StringBuilder();
        private boolean cut;

        String text() {
            return cut ? sb.substring(0, MAX_LENGTH - 3) + "..." : sb.toString();
        }

        boolean full() {
            cut |= sb.length() > MAX_LENGTH;
            return cut;
        }

        void raw(String s) {
            if (!full()) {
                sb.append(s, 0, Math.min(s.length(), MAX_LENGTH + 1 - sb.length()));
            }
        }

        void text(String s) {
            for (int i = 0; i < s.length() && !full(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    case '\\' -> sb.append("\\\\");
                    default -> {
                        int type = Character.getType(c);
                        if (Character.isISOControl(c)
                                || type == Character.FORMAT
                                || type == Character.SURROGATE
                                || type == Character.LINE_SEPARATOR
                                || type == Character.PARAGRAPH_SEPARATOR) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
        }

        void value(Object v, int depth) {
            if (full()) {
                return;
            }
            if (v == null) {
                raw("None");
            } else if (v instanceof String s) {
                text(s);
            } else if (v instanceof Number || v instanceof Boolean || v instanceof Character || v instanceof Enum<?>) {
                text(String.valueOf(v));
            } else if (v instanceof byte[] b) {
                raw("<" + b.length + " bytes>");
            } else if (v instanceof Object[] tuple) {
                items(java.util.Arrays.asList(tuple).iterator(), tuple.length, "(", ")", depth);
            } else if (v instanceof Collection<?> c) {
                items(c.iterator(), c.size(), "[", "]", depth);
            } else if (v instanceof Map<?, ?> m) {
                entries(m, depth);
            } else if (v.getClass().isArray()) {
                raw("<array of " + Array.getLength(v) + ">");
            } else {
                raw("<" + v.getClass().getSimpleName() + ">");
            }
        }

        private void items(Iterator<?> it, int size, String open, String close, int depth) {
            if (depth >= MAX_DEPTH) {
                raw(open + "..." + close);
                return;
            }
            raw(open);
            for (int i = 0; it.hasNext() && !full(); i++) {
                if (i > 0) {
                    raw(", ");
                }
                if (i == MAX_ITEMS) {
                    raw("... " + (size - i) + " more");
                    break;
                }
                value(it.next(), depth + 1);
            }
            raw(close);
        }

        private void entries(Map<?, ?> m, int depth) {
            if (depth >= MAX_DEPTH) {
                raw("{...}");
                return;
            }
            raw("{");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (full()) {
                    break;
                }
                if (i > 0) {
                    raw(", ");
                }
                if (i == MAX_ITEMS) {
                    raw("... " + (m.size() - i) + " more");
                    break;
                }
                value(e.getKey(), depth + 1);
                raw(": ");
                value(e.getValue(), depth + 1);
                i++;
            }
            raw("}");
        }
    }
}
