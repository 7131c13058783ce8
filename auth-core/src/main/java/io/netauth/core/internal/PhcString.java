package io.netauth.core.internal;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parsed PHC string, {@code $id[$v=version][$param=value(,param=value)*][$salt[$hash]]}, with salt and
 * hash in unpadded standard Base64 as the PHC format specifies.
 */
record PhcString(String id, Map<String, String> params, byte[] salt, byte[] hash) {

    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    static PhcString parse(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        // parts[0] is the empty text before the leading '$'.
        if (parts.length < 4 || !parts[0].isEmpty()) {
            throw new IllegalArgumentException("not a PHC string");
        }
        int index = 1;
        String id = parts[index++];
        Map<String, String> params = new LinkedHashMap<>();
        while (index < parts.length - 2) {
            for (String pair : parts[index++].split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || params.putIfAbsent(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                    throw new IllegalArgumentException("malformed PHC parameter");
                }
            }
        }
        byte[] salt = decode(parts[index++]);
        byte[] hash = decode(parts[index]);
        return new PhcString(id, Map.copyOf(params), salt, hash);
    }

    static String encode(String id, String versionAndParams, byte[] salt, byte[] hash) {
        return '$' + id + '$' + versionAndParams + '$' + ENCODER.encodeToString(salt) + '$'
                + ENCODER.encodeToString(hash);
    }

    int intParam(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing PHC parameter " + name);
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed PHC parameter " + name);
        }
    }

    private static byte[] decode(String base64) {
        if (base64.isEmpty()) {
            throw new IllegalArgumentException("empty salt or hash");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed Base64 in PHC string");
        }
    }
}
