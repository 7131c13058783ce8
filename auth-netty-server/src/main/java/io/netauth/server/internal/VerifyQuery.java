package io.netauth.server.internal;

import io.netauth.core.AuthMethods;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code /auth/verify} and {@code /auth/forward}: the requirements a gateway adds for one location,
 * each of which can only narrow who passes. Parsing fails closed: a parameter this server does not know (a
 * typo such as {@code AMR=otp}), an empty or repeated {@code audience}, an empty {@code amr} or one naming a
 * method this server never issues is a configuration error, refused with 400 naming it, because ignoring it
 * would silently turn a requirement off (or, for a method never issued, lock everyone out without a word).
 * Immutable and thread-safe. Not API.
 *
 * @param audience the audience the token must name instead of the configured one, or {@code null}
 * @param amr      the RFC 8176 methods the user must have signed in with, in order, without repeats
 */
record VerifyQuery(String audience, List<String> amr) {

    /** The parameters a gateway may send; the README's {@code /auth/verify} section lists the same. */
    static final List<String> PARAMETERS = List.of("audience", "amr");
    private static final int NAME_SHOWN = 64;

    static final VerifyQuery NONE = new VerifyQuery(null, List.of());

    /** Thrown for a query that would not narrow as it was meant to; its message names the parameter. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses the query of {@code uri}; throws {@link Refused} with a message for the response. */
    static VerifyQuery parse(String uri) {
        if (uri.indexOf('?') < 0) {
            return NONE;
        }
        Map<String, List<String>> parameters;
        try {
            parameters = new QueryStringDecoder(uri).parameters();
        } catch (IllegalArgumentException e) {
            throw new Refused("The query string is malformed (bad percent-encoding).");
        }
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new Refused("Unknown query parameter '" + shown(name) + "' (expected: "
                        + String.join(", ", PARAMETERS) + "; names are case-sensitive).");
            }
        }
        return new VerifyQuery(audience(parameters.get("audience")), amr(parameters.get("amr")));
    }

    private static String audience(List<String> values) {
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw new Refused("The query parameter 'audience' is repeated (expected: at most one).");
        }
        String audience = values.get(0);
        if (audience.isBlank() || !audience.strip().equals(audience)) {
            throw new Refused("The query parameter 'audience' is empty or has surrounding whitespace.");
        }
        return audience;
    }

    /** Comma-separated or repeated: {@code amr=pwd,otp} and {@code amr=pwd&amr=otp} ask for the same. */
    private static List<String> amr(List<String> values) {
        if (values == null) {
            return List.of();
        }
        Set<String> methods = new LinkedHashSet<>();
        for (String value : values) {
            for (String method : value.split(",", -1)) {
                String trimmed = method.strip();
                if (trimmed.isEmpty()) {
                    throw new Refused("The query parameter 'amr' has an empty method (expected: "
                            + String.join(", ", AuthMethods.ISSUED) + ", comma-separated).");
                }
                if (!AuthMethods.ISSUED.contains(trimmed)) {
                    throw new Refused("The query parameter 'amr' names '" + shown(trimmed)
                            + "', a method this server never issues (expected: "
                            + String.join(", ", AuthMethods.ISSUED) + ").");
                }
                methods.add(trimmed);
            }
        }
        return List.copyOf(methods);
    }

    /** A name as the message shows it: cut short, and only printable ASCII (the rest as {@code ?}). */
    private static String shown(String name) {
        String cut = name.length() > NAME_SHOWN ? name.substring(0, NAME_SHOWN) + "..." : name;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
