/**
 * Browser sessions: the opaque id a session cookie carries, stored only as its SHA-256 in the database that
 * every process shares, with its idle and absolute lifetimes ({@link io.netauth.core.session.BrowserSessions}).
 */
package io.netauth.core.session;
