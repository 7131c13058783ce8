/**
 * Signed access tokens. Start at {@link io.netauth.core.token.JwtTokens#builder()}: it loads the signing keys
 * of one {@link io.netauth.core.token.SigningAlgorithm} from a {@link io.netauth.core.token.SigningKeyStore}
 * and hands out the {@link io.netauth.core.TokenIssuer} that signs and the {@link io.netauth.core.TokenVerifier}
 * that checks.
 */
package io.netauth.core.token;
