/** Hash algorithms and key codecs behind the core's API. Not API: may change without notice. */
package io.netauth.core.internal;
