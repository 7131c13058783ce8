package io.netauth.core.client;

import io.netauth.core.IssuedToken;
import java.util.List;

/**
 * What a {@code client_credentials} grant hands out.
 *
 * @param accessToken the signed access token
 * @param scopes      the scopes granted, which may be fewer than asked for never more
 */
public record ClientGrant(IssuedToken accessToken, List<String> scopes) {

    public ClientGrant {
        scopes = List.copyOf(scopes);
    }
}
