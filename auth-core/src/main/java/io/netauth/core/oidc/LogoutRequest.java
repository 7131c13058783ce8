package io.netauth.core.oidc;

/**
 * A checked RP-initiated logout request (OpenID Connect RP-Initiated Logout 1.0 section 2).
 *
 * @param hintSubject the subject of a valid {@code id_token_hint}, or {@code null}: when it names the signed-in
 *                    user, the client asked for this logout and no confirmation is needed
 * @param redirect    where to send the browser afterwards ({@code post_logout_redirect_uri} with {@code state}),
 *                    or {@code null} to show a page
 * @param parameters  the checked parameters, for the confirmation form to send again
 */
public record LogoutRequest(String hintSubject, String redirect, java.util.Map<String, String> parameters) {

    public LogoutRequest {
        parameters = java.util.Map.copyOf(parameters);
    }
}
