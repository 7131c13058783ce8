package io.netauth.core.internal;

/**
 * Makes client-supplied text safe for a log line: control characters (CR and LF first of all) and
 * non-ASCII separators are escaped, so that no username can forge a line, and long text is cut. Not API.
 */
public final class LogSafe {

    private static final int MAX_LENGTH = 128;

    private LogSafe() {
    }

    public static String text(String value) {
        if (value == null) {
            return "-";
        }
        int length = Math.min(value.length(), MAX_LENGTH);
        StringBuilder out = new StringBuilder(length + 8);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || c == '\u2028' || c == '\u2029') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (value.length() > MAX_LENGTH) {
            out.append("...");
        }
        return out.toString();
    }
}
