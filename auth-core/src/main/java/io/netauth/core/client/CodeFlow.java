package io.netauth.core.client;

import java.util.List;

/**
 * How a client uses the authorization code flow (RFC 6749 section 4.1, OpenID Connect Core section 3.1).
 *
 * @param redirectUris           where codes may be sent, matched exactly (RFC 9700 section 2.1); empty for a
 *                               client that does not use the flow
 * @param postLogoutRedirectUris where RP-initiated logout may send the browser afterwards, matched exactly
 * @param publicClient           whether it has no secret (a browser or native app)
 * @param trusted                whether its users skip the consent page
 * @param pkceOptional           whether a confidential client may leave PKCE out. Every client must use PKCE
 *                               by default (RFC 9700 section 2.1.1; OAuth 2.1 makes it a MUST); this exception
 *                               is for an older confidential client that cannot send it, and gives up PKCE's
 *                               defence against an injected or stolen code. Never for a public client.
 */
public record CodeFlow(List<String> redirectUris, List<String> postLogoutRedirectUris, boolean publicClient,
        boolean trusted, boolean pkceOptional) {

    /** A client that does not use the flow. */
    public static final CodeFlow NONE = new CodeFlow(List.of(), List.of(), false, false, false);

    public CodeFlow {
        redirectUris = List.copyOf(redirectUris);
        postLogoutRedirectUris = List.copyOf(postLogoutRedirectUris);
    }

    /** A client that must use PKCE, as every client must unless told otherwise. */
    public CodeFlow(List<String> redirectUris, List<String> postLogoutRedirectUris, boolean publicClient,
            boolean trusted) {
        this(redirectUris, postLogoutRedirectUris, publicClient, trusted, false);
    }

    /** Whether the client may use the flow at all. */
    public boolean enabled() {
        return !redirectUris.isEmpty();
    }
}
