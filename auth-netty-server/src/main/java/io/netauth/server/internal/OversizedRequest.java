package io.netauth.server.internal;

/**
 * Stands in the pipeline for a request whose body exceeded the limit, so that its 413 is answered in
 * request order like any other response. Not API.
 */
public enum OversizedRequest {
    INSTANCE
}
