package io.netauth.core.internal;

import com.auth0.jwt.algorithms.Algorithm;
import io.netauth.core.token.SigningAlgorithm;
import io.netauth.core.token.SigningKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Makes keys and turns stored key bytes into java-jwt algorithms. Not API. */
public final class KeyMaterial {

    private static final int RSA_BITS = 2048;
    private static final int HMAC_SECRET_BYTES = 32;
    private static final int KID_BYTES = 12;

    private KeyMaterial() {
    }

    /** A fresh key with a random kid. */
    public static SigningKey generate(SigningAlgorithm algorithm, Instant now, SecureRandom random) {
        byte[] kidBytes = new byte[KID_BYTES];
        random.nextBytes(kidBytes);
        String kid = Base64.getUrlEncoder().withoutPadding().encodeToString(kidBytes);
        try {
            switch (algorithm) {
                case RS256 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(RSA_BITS, random);
                    KeyPair pair = generator.generateKeyPair();
                    return new SigningKey(kid, algorithm, pair.getPrivate().getEncoded(),
                            pair.getPublic().getEncoded(), now, null);
                }
                case ES256 -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
                    KeyPair pair = generator.generateKeyPair();
                    return new SigningKey(kid, algorithm, pair.getPrivate().getEncoded(),
                            pair.getPublic().getEncoded(), now, null);
                }
                case HS256 -> {
                    byte[] secret = new byte[HMAC_SECRET_BYTES];
                    random.nextBytes(secret);
                    return new SigningKey(kid, algorithm, secret, null, now, null);
                }
                default -> throw new IllegalArgumentException("unknown algorithm " + algorithm);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate " + algorithm + " keys", e);
        }
    }

    /** The java-jwt algorithm that signs (and verifies) with the key. */
    public static Algorithm signingAlgorithm(SigningKey key) {
        try {
            return switch (key.algorithm()) {
                case RS256 -> {
                    KeyFactory factory = KeyFactory.getInstance("RSA");
                    yield Algorithm.RSA256(
                            (RSAPublicKey) factory.generatePublic(new X509EncodedKeySpec(key.publicKey())),
                            (RSAPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(key.privateKey())));
                }
                case ES256 -> {
                    KeyFactory factory = KeyFactory.getInstance("EC");
                    yield Algorithm.ECDSA256(
                            (ECPublicKey) factory.generatePublic(new X509EncodedKeySpec(key.publicKey())),
                            (ECPrivateKey) factory.generatePrivate(new PKCS8EncodedKeySpec(key.privateKey())));
                }
                case HS256 -> Algorithm.HMAC256(key.privateKey());
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored signing key " + key.kid() + " is unreadable", e);
        }
    }

    /**
     * The public JWK (RFC 7517/7518) of an RS256 or ES256 key, members in the usual order; {@code null} for
     * HS256, whose secret is never published.
     */
    public static Map<String, String> publicJwk(SigningKey key) {
        if (key.publicKey() == null) {
            return null;
        }
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        Map<String, String> jwk = new LinkedHashMap<>();
        PublicKey publicKey = publicKey(key);
        if (publicKey instanceof RSAPublicKey rsa) {
            jwk.put("kty", "RSA");
            jwk.put("kid", key.kid());
            jwk.put("use", "sig");
            jwk.put("alg", key.algorithm().name());
            jwk.put("n", b64.encodeToString(unsigned(rsa.getModulus(), 0)));
            jwk.put("e", b64.encodeToString(unsigned(rsa.getPublicExponent(), 0)));
        } else {
            ECPublicKey ec = (ECPublicKey) publicKey;
            jwk.put("kty", "EC");
            jwk.put("kid", key.kid());
            jwk.put("use", "sig");
            jwk.put("alg", key.algorithm().name());
            jwk.put("crv", "P-256");
            jwk.put("x", b64.encodeToString(unsigned(ec.getW().getAffineX(), 32)));
            jwk.put("y", b64.encodeToString(unsigned(ec.getW().getAffineY(), 32)));
        }
        return jwk;
    }

    /** Big-endian unsigned bytes, left-padded to {@code length} if it is not 0 (JWA requires it for EC). */
    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        int start = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        int size = Math.max(bytes.length - start, length);
        byte[] out = new byte[size];
        System.arraycopy(bytes, start, out, size - (bytes.length - start), bytes.length - start);
        return out;
    }

    /** The public key of an RS256 or ES256 key. */
    public static PublicKey publicKey(SigningKey key) {
        try {
            String family = key.algorithm() == SigningAlgorithm.RS256 ? "RSA" : "EC";
            return KeyFactory.getInstance(family).generatePublic(new X509EncodedKeySpec(key.publicKey()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored public key " + key.kid() + " is unreadable", e);
        }
    }
}
