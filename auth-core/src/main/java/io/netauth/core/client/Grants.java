package io.netauth.core.client;

/** The grant type names of the token endpoint. */
public final class Grants {

    public static final String CLIENT_CREDENTIALS = "client_credentials";
    public static final String REFRESH_TOKEN = "refresh_token";
    public static final String AUTHORIZATION_CODE = "authorization_code";

    private Grants() {
    }
}
