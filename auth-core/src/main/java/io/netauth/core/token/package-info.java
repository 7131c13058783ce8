/** Signed access tokens: {@link io.netauth.core.token.JwtTokenIssuer} and its keys. */
package io.netauth.core.token;
