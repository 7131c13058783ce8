/**
 * The authentication core, free of HTTP. Start at {@link io.netauth.core.AuthenticationService#builder()}: the
 * whole login policy (admission, throttling, the password check, refresh token rotation, accounting and audit)
 * over the pluggable {@link io.netauth.core.CredentialStore}, {@link io.netauth.core.PasswordHasher} and
 * {@link io.netauth.core.TokenIssuer}. {@link io.netauth.core.UserAdministration} changes users through a
 * {@link io.netauth.core.UserDirectory}; {@link io.netauth.core.StandardPasswordHasher} is the default hasher.
 * Settings are declared in {@link io.netauth.core.config.CoreSettings}.
 */
package io.netauth.core;
