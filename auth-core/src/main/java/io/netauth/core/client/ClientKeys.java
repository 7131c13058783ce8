package io.netauth.core.client;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netauth.core.InvalidInputException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A client's registered public keys (a JWK Set, RFC 7517 section 5) as java-jwt verification algorithms: RSA
 * keys verify RS256 and P-256 keys ES256. Keys for encryption ({@code "use": "enc"}) and other key types are
 * skipped; a set that leaves no key is refused. Immutable.
 */
final class ClientKeys {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_DOCUMENT = 65_536;

    /** A key: its {@code kid} (or {@code null}), its JWS algorithm name, and the verifier. */
    record Key(String kid, String alg, Algorithm algorithm) {
    }

    private final List<Key> keys;

    private ClientKeys(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * Reads a JWK Set document.
     *
     * @throws InvalidInputException when it is not a JWK Set with at least one usable signature key
     */
    static ClientKeys parse(String document) {
        if (document == null || document.length() > MAX_DOCUMENT) {
            throw new InvalidInputException("The JWK Set is missing or longer than " + MAX_DOCUMENT + " characters.");
        }
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("The JWK Set is not JSON.");
        }
        JsonNode list = root == null ? null : root.get("keys");
        if (list == null || !list.isArray()) {
            throw new InvalidInputException("The JWK Set has no \"keys\" array.");
        }
        List<Key> keys = new ArrayList<>();
        for (JsonNode jwk : list) {
            if ("enc".equals(text(jwk, "use")) || jwk.has("d")) {
                if (jwk.has("d")) {
                    throw new InvalidInputException("The JWK Set holds a private key; register only public keys.");
                }
                continue;
            }
            String kid = text(jwk, "kid");
            try {
                switch (String.valueOf(text(jwk, "kty"))) {
                    case "RSA" -> keys.add(new Key(kid, "RS256", Algorithm.RSA256(rsa(jwk), null)));
                    case "EC" -> {
                        if ("P-256".equals(text(jwk, "crv"))) {
                            keys.add(new Key(kid, "ES256", Algorithm.ECDSA256(ec(jwk), null)));
                        }
                    }
                    default -> {
                        // other key types cannot verify RS256 or ES256
                    }
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new InvalidInputException("A key of the JWK Set is not a valid RSA or P-256 public key.");
            }
        }
        if (keys.isEmpty()) {
            throw new InvalidInputException("The JWK Set has no RSA or P-256 signature key.");
        }
        return new ClientKeys(keys);
    }

    /** The keys that may have made a signature with {@code alg} and {@code kid} (any kid when it is absent). */
    List<Key> candidates(String alg, String kid) {
        List<Key> found = new ArrayList<>();
        for (Key key : keys) {
            if (key.alg.equals(alg) && (kid == null || key.kid == null || kid.equals(key.kid))) {
                found.add(key);
            }
        }
        return found;
    }

    private static RSAPublicKey rsa(JsonNode jwk) throws GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(unsigned(jwk, "n"), unsigned(jwk, "e")));
    }

    private static ECPublicKey ec(JsonNode jwk) throws GeneralSecurityException {
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec curve = parameters.getParameterSpec(ECParameterSpec.class);
        ECPoint point = new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y"));
        // The JDK's KeyFactory checks that the point lies on the curve.
        return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, curve));
    }

    private static BigInteger unsigned(JsonNode jwk, String member) {
        String value = text(jwk, member);
        if (value == null) {
            throw new IllegalArgumentException("missing " + member);
        }
        return new BigInteger(1, Base64.getUrlDecoder().decode(value));
    }

    private static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value != null && value.isTextual() ? value.asText() : null;
    }
}
