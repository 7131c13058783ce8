package io.netauth.server.internal;

/**
 * The parts of a request-target (RFC 9112 section 3.2): the origin form {@code /path?query}, and the absolute
 * form {@code http://authority/path?query}, which a server must accept and whose authority stands in for
 * {@code Host}. Stateless. Not API.
 */
final class RequestTargets {

    private RequestTargets() {
    }

    static boolean isAbsoluteForm(String target) {
        return !target.startsWith("/") && target.contains("://");
    }

    /** The authority of an absolute-form target; empty for an origin-form one. */
    static String authorityOf(String target) {
        return isAbsoluteForm(target) ? target.substring(authorityStart(target), authorityEnd(target)) : "";
    }

    /** The path, without query, fragment or, in the absolute form, scheme and authority; {@code /} at least. */
    static String pathOf(String target) {
        String rest = isAbsoluteForm(target) ? target.substring(authorityEnd(target)) : target;
        int end = rest.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String path = rest.substring(0, end);
        return path.startsWith("/") ? path : "/" + path;
    }

    private static int authorityStart(String target) {
        return target.indexOf("://") + 3;
    }

    private static int authorityEnd(String target) {
        int end = authorityStart(target);
        while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
            end++;
        }
        return end;
    }
}
