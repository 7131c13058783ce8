/**
 * Secrets at rest: the ring of key-encryption keys ({@link io.netauth.core.secret.SecretKeys}) and the one sealed
 * format every store uses for what it must not keep in plain text (signing private keys, HS256 secrets).
 */
package io.netauth.core.secret;
