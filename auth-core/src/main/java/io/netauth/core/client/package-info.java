/**
 * OAuth 2.0 clients: the registry ({@link io.netauth.core.client.ClientRegistry}), client authentication
 * ({@code client_secret_basic}, {@code client_secret_post}, {@code private_key_jwt}) and the policy of the
 * token, introspection and revocation endpoints ({@link io.netauth.core.client.OAuthService}). Free of HTTP: the
 * server decodes requests into {@link io.netauth.core.client.ClientCredentials} and parameters and encodes what
 * these answer.
 */
package io.netauth.core.client;
