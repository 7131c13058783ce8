/** The SQL implementations: start from {@link io.netauth.core.jdbc.AuthDatabase#open}. H2 and PostgreSQL. */
package io.netauth.core.jdbc;
