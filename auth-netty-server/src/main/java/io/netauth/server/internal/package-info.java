/** The server's pipeline, handlers and endpoints. Not API: may change without notice. */
package io.netauth.server.internal;
