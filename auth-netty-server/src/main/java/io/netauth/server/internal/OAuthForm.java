package io.netauth.server.internal;

import io.netauth.core.client.ClientCredentials;
import io.netauth.core.client.OAuthError;
import io.netauth.core.client.OAuthException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The body of an OAuth endpoint (RFC 6749 section 3.2): {@code application/x-www-form-urlencoded} UTF-8, read
 * strictly. A parameter sent twice is {@code invalid_request} (section 3.2), except the ones a specification
 * lets repeat ({@code resource}, RFC 8707); a parameter without a value counts as absent (section 3.1). Also
 * decodes the client's credentials (section 2.3). Immutable. Not API.
 */
public final class OAuthForm {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final Set<String> REPEATABLE = Set.of("resource");
    private static final int MAX_PARAMETERS = 64;
    private static final int MAX_VALUE = 8_192;

    private final Map<String, List<String>> parameters;
    private final boolean basicTried;
    private final ClientCredentials credentials;

    private OAuthForm(Map<String, List<String>> parameters, boolean basicTried, ClientCredentials credentials) {
        this.parameters = parameters;
        this.basicTried = basicTried;
        this.credentials = credentials;
    }

    /** Decodes the body and the client's credentials; refuses with {@link OAuthException}. */
    static OAuthForm read(FullHttpRequest request) {
        String contentType = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (contentType == null || !contentType.split(";")[0].trim().toLowerCase(Locale.ROOT)
                .equals("application/x-www-form-urlencoded")) {
            throw invalid("The body must be sent as Content-Type: application/x-www-form-urlencoded.");
        }
        String body = ascii(request.content());
        Map<String, List<String>> decoded;
        try {
            // A ';' is data in a form body, not a separator.
            decoded = QueryStringDecoder.builder().hasPath(false).maxParams(MAX_PARAMETERS)
                    .semicolonIsNormalChar(true).build(body).parameters();
        } catch (IllegalArgumentException e) {
            throw invalid("The body is not valid form encoding.");
        }
        Map<String, List<String>> parameters = new HashMap<>();
        for (Map.Entry<String, List<String>> entry : decoded.entrySet()) {
            List<String> values = entry.getValue().stream().filter(v -> !v.isEmpty()).toList();
            if (values.size() > 1 && !REPEATABLE.contains(entry.getKey())) {
                throw invalid("The parameter '" + safe(entry.getKey()) + "' is repeated.");
            }
            for (String value : values) {
                if (value.length() > MAX_VALUE) {
                    throw invalid("The parameter '" + safe(entry.getKey()) + "' is too long.");
                }
            }
            if (!values.isEmpty()) {
                parameters.put(entry.getKey(), values);
            }
        }
        boolean basic = triesBasic(request);
        return new OAuthForm(parameters, basic,
                credentials(parameters, request.headers().get(HttpHeaderNames.AUTHORIZATION), basic));
    }

    /** Whether the request tries HTTP Basic client authentication. */
    static boolean triesBasic(FullHttpRequest request) {
        String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /** The one value of a parameter, or {@code null}. */
    String get(String name) {
        return first(parameters, name);
    }

    /** Every value of a repeatable parameter. */
    List<String> all(String name) {
        return parameters.getOrDefault(name, List.of());
    }

    String required(String name) {
        String value = get(name);
        if (value == null) {
            throw invalid("The parameter '" + name + "' is required.");
        }
        return value;
    }

    /** Whether the client tried HTTP Basic, so that a 401 must carry a Basic challenge (RFC 6749 section 5.2). */
    boolean basicTried() {
        return basicTried;
    }

    ClientCredentials credentials() {
        return credentials;
    }

    /** RFC 6749 section 2.3: exactly one method; Basic's id and secret are form-encoded before Base64 (2.3.1). */
    private static ClientCredentials credentials(Map<String, List<String>> parameters, String authorization,
            boolean basic) {
        String postedId = first(parameters, "client_id");
        String postedSecret = first(parameters, "client_secret");
        String assertionType = first(parameters, "client_assertion_type");
        String assertion = first(parameters, "client_assertion");
        int methods = (basic ? 1 : 0) + (postedSecret != null ? 1 : 0) + (assertion != null ? 1 : 0);
        if (methods > 1) {
            throw invalid("The client used more than one authentication method.");
        }
        if (basic) {
            ClientCredentials fromHeader = basicCredentials(authorization.substring(6).trim());
            if (postedId != null && !postedId.equals(fromHeader.clientId())) {
                throw invalid("The client_id parameter does not match the Authorization header.");
            }
            return fromHeader;
        }
        if (postedSecret != null) {
            if (postedId == null) {
                throw invalid("The parameter 'client_id' is required with 'client_secret'.");
            }
            return ClientCredentials.secret(ClientCredentials.Method.CLIENT_SECRET_POST, postedId, postedSecret);
        }
        if (assertion != null || assertionType != null) {
            if (!ASSERTION_TYPE.equals(assertionType) || assertion == null) {
                throw invalid("client_assertion_type must be " + ASSERTION_TYPE + ", with a client_assertion.");
            }
            return ClientCredentials.assertion(postedId, assertion);
        }
        if (postedId != null) {
            return ClientCredentials.publicClient(postedId); // accepted only for a client registered as public
        }
        throw new OAuthException(OAuthError.INVALID_CLIENT, "Client authentication is required.");
    }

    private static ClientCredentials basicCredentials(String encoded) {
        String decoded;
        try {
            decoded = utf8(java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(encoded)));
        } catch (IllegalArgumentException e) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "The Basic credentials are not valid Base64.");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "The Basic credentials have no ':'.");
        }
        try {
            return ClientCredentials.secret(ClientCredentials.Method.CLIENT_SECRET_BASIC,
                    formDecode(decoded.substring(0, colon)), formDecode(decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new OAuthException(OAuthError.INVALID_CLIENT, "The Basic credentials are not form-encoded.");
        }
    }

    private static String formDecode(String value) {
        return QueryStringDecoder.decodeComponent(value, StandardCharsets.UTF_8);
    }

    private static String first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null ? null : values.get(0);
    }

    /**
     * The body as text. A form body is ASCII by construction (everything else is percent-encoded), so a byte
     * above 0x7F is refused, and the rest needs no decoder: the cheap way to be strict.
     */
    private static String ascii(io.netty.buffer.ByteBuf content) {
        if (content.forEachByte(b -> b >= 0) >= 0) {
            throw invalid("The body must be ASCII: a form encodes every other character with %XX.");
        }
        return content.toString(StandardCharsets.US_ASCII);
    }

    private static String utf8(java.nio.ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw invalid("The request is not valid UTF-8.");
        }
    }

    private static String safe(String name) {
        return name.length() > 64 || !name.matches("[A-Za-z0-9_.-]*") ? "(unprintable)" : name;
    }

    private static OAuthException invalid(String description) {
        return new OAuthException(OAuthError.INVALID_REQUEST, description);
    }
}
