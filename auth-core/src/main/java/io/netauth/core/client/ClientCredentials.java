package io.netauth.core.client;

import java.util.Objects;

/**
 * How a request authenticated its client, as the server decoded it (RFC 6749 section 2.3, RFC 7523 section 2.2).
 *
 * @param method    the method used
 * @param clientId  the {@code client_id} presented, or {@code null} when only an assertion names it
 * @param secret    the secret of {@code client_secret_basic} or {@code client_secret_post}, else {@code null}
 * @param assertion the signed JWT of {@code private_key_jwt}, else {@code null}
 */
public record ClientCredentials(Method method, String clientId, String secret, String assertion) {

    /** The authentication methods the server offers, with their registered names. */
    public enum Method {
        CLIENT_SECRET_BASIC("client_secret_basic"),
        CLIENT_SECRET_POST("client_secret_post"),
        PRIVATE_KEY_JWT("private_key_jwt"),
        /** A public client (RFC 6749 section 2.1) names itself with {@code client_id} and proves nothing. */
        NONE("none");

        private final String registeredName;

        Method(String registeredName) {
            this.registeredName = registeredName;
        }

        /** The name of RFC 8414's {@code token_endpoint_auth_methods_supported}. */
        public String registeredName() {
            return registeredName;
        }
    }

    public ClientCredentials {
        Objects.requireNonNull(method, "method");
    }

    public static ClientCredentials secret(Method method, String clientId, String secret) {
        return new ClientCredentials(method, Objects.requireNonNull(clientId, "clientId"), secret, null);
    }

    /** A public client's {@code client_id} alone: accepted only for a client registered as public. */
    public static ClientCredentials publicClient(String clientId) {
        return new ClientCredentials(Method.NONE, Objects.requireNonNull(clientId, "clientId"), null, null);
    }

    public static ClientCredentials assertion(String clientId, String assertion) {
        return new ClientCredentials(Method.PRIVATE_KEY_JWT, clientId, null,
                Objects.requireNonNull(assertion, "assertion"));
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + method.registeredName() + ", clientId=" + clientId + ']';
    }
}
