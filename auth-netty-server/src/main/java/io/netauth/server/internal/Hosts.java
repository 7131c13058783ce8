package io.netauth.server.internal;

import io.netty.util.NetUtil;

/**
 * Whether a {@code Host} value (RFC 9110 section 7.2: {@code uri-host [ ":" port ]}) is one this server takes: a
 * DNS-style name of letters, digits, {@code - . _ ~} and percent-escapes, an IPv4 address, or a bracketed IPv6
 * address, with an optional port of 0 to 65535; or empty, as RFC 9112 section 3.2 allows for a target without
 * an authority. Stateless. Not API.
 */
final class Hosts {

    private Hosts() {
    }

    static boolean isValid(String host) {
        String name = host;
        int portAt = -1;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0 || !NetUtil.isValidIpV6Address(host.substring(1, close))) {
                return false;
            }
            if (close + 1 < host.length()) {
                if (host.charAt(close + 1) != ':') {
                    return false;
                }
                portAt = close + 1;
            }
            name = "";
        } else {
            portAt = host.lastIndexOf(':');
            if (portAt >= 0) {
                name = host.substring(0, portAt);
            }
        }
        return validName(name) && (portAt < 0 || validPort(host.substring(portAt + 1)));
    }

    private static boolean validName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (c == '%') {
                if (i + 2 >= name.length() || Character.digit(name.charAt(i + 1), 16) < 0
                        || Character.digit(name.charAt(i + 2), 16) < 0) {
                    return false;
                }
                i += 2;
            } else if (!plain) {
                return false;
            }
        }
        return true;
    }

    private static boolean validPort(String port) {
        if (port.isEmpty() || port.length() > 5) {
            return port.isEmpty(); // "host:" is allowed by the grammar (port = *DIGIT)
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return false;
            }
        }
        return Integer.parseInt(port) <= 65535;
    }
}
