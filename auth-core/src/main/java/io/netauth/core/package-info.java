/**
 * The authentication core, free of HTTP: the pluggable {@link io.netauth.core.CredentialStore},
 * {@link io.netauth.core.PasswordHasher} and {@link io.netauth.core.TokenIssuer}, the
 * {@link io.netauth.core.LoginService} that combines them, and the default
 * {@link io.netauth.core.StandardPasswordHasher}.
 */
package io.netauth.core;
