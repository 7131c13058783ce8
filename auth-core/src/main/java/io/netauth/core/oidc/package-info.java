/**
 * OpenID Connect and the OAuth authorization code flow, free of HTTP: authorization requests, codes with PKCE,
 * consent, ID tokens, userinfo claims and RP-initiated logout. {@link io.netauth.core.oidc.OidcProvider} is the
 * policy; {@link io.netauth.core.oidc.OidcStore} is where its state lives (codes and consents in the database,
 * spent by one conditional write, so that every process sharing it agrees).
 */
package io.netauth.core.oidc;
