/**
 * The embeddable HTTP server. Start from {@link io.netauth.server.AuthServer#builder()} and
 * {@link io.netauth.server.AuthServerConfig#builder()}. Everything under {@code io.netauth.server.internal}
 * is implementation and may change without notice.
 */
package io.netauth.server;
