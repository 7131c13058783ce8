/**
 * Second factors: TOTP (RFC 6238) with its recovery codes, and the second step of a login
 * ({@link io.netauth.core.mfa.SecondFactors}). Every single-use rule (a TOTP time step, a recovery code, an MFA
 * token) is a conditional write in the {@link io.netauth.core.mfa.MfaStore}, so that it holds across processes.
 */
package io.netauth.core.mfa;
