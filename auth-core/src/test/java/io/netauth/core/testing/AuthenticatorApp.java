package io.netauth.core.testing;

import dev.samstevens.totp.code.DefaultCodeGenerator;
import dev.samstevens.totp.code.HashingAlgorithm;
import dev.samstevens.totp.exceptions.CodeGenerationException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The other side of TOTP in tests: an authenticator app made from an independent library (samstevens' totp,
 * which decodes the base32 secret with commons-codec), fed with the {@code otpauth} URI as a phone would be.
 */
public final class AuthenticatorApp {

    private final String secret;
    private final Map<String, String> parameters;

    private AuthenticatorApp(String secret, Map<String, String> parameters) {
        this.secret = secret;
        this.parameters = parameters;
    }

    /** An app that scanned {@code otpauth://totp/...}. */
    public static AuthenticatorApp scan(String otpauthUri) {
        URI uri = URI.create(otpauthUri);
        if (!"otpauth".equals(uri.getScheme()) || !"totp".equals(uri.getHost())) {
            throw new IllegalArgumentException("not a TOTP key URI: " + otpauthUri);
        }
        Map<String, String> parameters = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            parameters.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return new AuthenticatorApp(parameters.get("secret"), parameters);
    }

    /** An app given the base32 secret by hand. */
    public static AuthenticatorApp typed(String base32Secret) {
        return new AuthenticatorApp(base32Secret, Map.of());
    }

    public Map<String, String> parameters() {
        return parameters;
    }

    /** The code the app shows at {@code time}. */
    public String codeAt(Instant time) {
        try {
            return new DefaultCodeGenerator(HashingAlgorithm.SHA1, 6).generate(secret, time.getEpochSecond() / 30);
        } catch (CodeGenerationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The code the app shows now. */
    public String code() {
        return codeAt(Instant.now());
    }
}
