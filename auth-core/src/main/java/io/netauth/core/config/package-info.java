/**
 * Settings, each declared once with its key, default, range and meaning: {@link io.netauth.core.config.Setting},
 * the core's declarations in {@link io.netauth.core.config.CoreSettings}, and the values that configure the
 * builders, {@link io.netauth.core.config.Settings}.
 */
package io.netauth.core.config;
