package io.netauth.core.oidc;

import io.netauth.core.UserAccount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scopes of OpenID Connect Core section 5.4 this server grants, and the claims each one releases. */
public final class Scopes {

    public static final String OPENID = "openid";
    public static final String PROFILE = "profile";
    public static final String EMAIL = "email";
    public static final String OFFLINE_ACCESS = "offline_access";

    /** The user claims this server can release, for discovery's {@code claims_supported}. */
    public static final List<String> CLAIMS = List.of("preferred_username", "roles", "updated_at", "email",
            "email_verified");

    private Scopes() {
    }

    /**
     * The claims {@code scopes} release: {@code profile} gives {@code preferred_username}, {@code roles} and
     * {@code updated_at}; {@code email} gives {@code email} and {@code email_verified} when an address is set.
     */
    static Map<String, Object> claims(Profile profile, List<String> scopes) {
        UserAccount account = profile.account();
        Map<String, Object> claims = new LinkedHashMap<>();
        if (scopes.contains(PROFILE)) {
            claims.put("preferred_username", account.username());
            claims.put("roles", account.roles());
            claims.put("updated_at", profile.updatedAt().getEpochSecond());
        }
        if (scopes.contains(EMAIL) && profile.email() != null) {
            claims.put("email", profile.email());
            claims.put("email_verified", profile.emailVerified());
        }
        return claims;
    }
}
