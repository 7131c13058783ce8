package io.netauth.server.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where a sign-in may send the browser back to ({@code rd}): a path on this server, or an http(s) URL whose host
 * is in {@code allowed-redirect-hosts} (an exact name, or {@code *.example.com} for any subdomain of it).
 * Anything else (another host, a scheme-relative {@code //evil.example}, a backslash trick, userinfo, a
 * look-alike or percent-encoded host, a trailing dot, whitespace or a control character) is not an open redirect
 * here: it falls back to {@code /account}. {@code ReturnAddressesTest} lists the shapes. Not API.
 */
final class ReturnAddresses {

    static final String FALLBACK = "/account";

    private final List<String> allowedHosts;

    ReturnAddresses(List<String> allowedHosts) {
        this.allowedHosts = List.copyOf(allowedHosts);
    }

    /** {@code rd} if it is allowed, otherwise {@link #FALLBACK}. */
    String checked(String rd) {
        return allowed(rd) ? rd : FALLBACK;
    }

    boolean allowed(String rd) {
        // Printable ASCII only: browsers drop tabs and newlines inside a URL, strip spaces and controls at its
        // ends, and map look-alike letters of a host (IDNA); refusing them all leaves one reading of what is left.
        if (rd == null || rd.isEmpty() || rd.length() > 8192 || rd.indexOf('\\') >= 0
                || rd.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return false;
        }
        if (rd.startsWith("/")) {
            // Not scheme-relative, nor made so by a proxy in front that decodes %2F or %5C.
            String start = rd.substring(0, Math.min(4, rd.length())).toLowerCase(Locale.ROOT);
            return !start.startsWith("//") && !start.equals("/%2f") && !start.equals("/%5c");
        }
        URI uri;
        try {
            uri = new URI(rd);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getRawUserInfo() != null
                || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        String hostPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.")) {
                String parent = allowed.substring(1); // ".example.com"
                if (host.endsWith(parent) && host.length() > parent.length()) {
                    return true;
                }
            } else if (allowed.equals(host) || allowed.equals(hostPort)) {
                return true;
            }
        }
        return false;
    }
}
