package io.netauth.server.internal;

import io.netauth.core.internal.PrivateFiles;
import io.netauth.server.ServerStartException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.OpenSsl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS context, from a PEM certificate chain and a PEM (PKCS#8) private key: TLS 1.3 and 1.2 only,
 * OpenSSL where netty-tcnative loads and the JDK otherwise. {@link #reloadIfChanged()} builds a new context
 * when either file changed, so a renewed certificate is served to new connections without a restart;
 * connections already open keep theirs. A broken new pair is logged and the old context kept. Thread-safe.
 * Not API.
 */
public final class TlsContexts {

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /**
     * Mozilla's "intermediate" profile as NIST SP 800-52r2 allows it: TLS 1.3's suites, and for TLS 1.2 only
     * ECDHE key exchange (forward secrecy) with an AEAD cipher. No static RSA key exchange, no CBC, no SHA-1 MAC.
     */
    private static final List<String> CIPHERS = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** The JDK's switch for refusing a client's renegotiation of a TLS 1.2 session (TLS 1.3 has none). */
    private static final String REJECT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private final Path certificateChain;
    private final Path privateKey;
    private volatile SslContext current;
    private volatile FileTime[] loadedAt;

    private final boolean keyMayBeReadable;

    /**
     * @param keyMayBeReadable {@code secret-files-readable}: whether a private key others can read is served;
     *                         otherwise such a key stops the start (and a reload keeps the old pair)
     */
    public TlsContexts(Path certificateChain, Path privateKey, boolean keyMayBeReadable) {
        refuseClientRenegotiation();
        this.keyMayBeReadable = keyMayBeReadable;
        this.certificateChain = Objects.requireNonNull(certificateChain, "certificateChain");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        FileTime[] stamps;
        try {
            stamps = stamps();
            this.current = build();
        } catch (IllegalStateException e) { // a missing, unreadable or others-readable file: a start that says why
            throw new ServerStartException(e.getMessage(), e);
        }
        this.loadedAt = stamps;
    }

    public SslContext current() {
        return current;
    }

    /** The provider in use, for the start log. */
    public String provider() {
        return OpenSsl.isAvailable() ? "OpenSSL" : "JDK";
    }

    /** Builds a new context if the files changed since the last load; answers whether it did. */
    public boolean reloadIfChanged() {
        FileTime[] stamps;
        try {
            stamps = stamps();
        } catch (IllegalStateException unreadable) {
            log.warn("TLS files unreadable; keeping the current certificate: {}", unreadable.getMessage());
            return false;
        }
        if (stamps[0].equals(loadedAt[0]) && stamps[1].equals(loadedAt[1])) {
            return false;
        }
        try {
            current = build();
            loadedAt = stamps;
            log.info("TLS certificate reloaded from {}", certificateChain);
            return true;
        } catch (IllegalStateException e) {
            log.warn("New TLS files are not usable yet; keeping the current certificate: {}", e.getMessage());
            return false;
        }
    }

    private SslContext build() {
        String problem = keyMayBeReadable ? null : PrivateFiles.problem(privateKey, "tls-key");
        if (problem != null) {
            throw new IllegalStateException(problem);
        }
        try {
            return SslContextBuilder.forServer(certificateChain.toFile(), privateKey.toFile())
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols(PROTOCOLS)
                    .ciphers(CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
                    .build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot load TLS certificate " + certificateChain + " and key "
                    + privateKey + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client-initiated renegotiation costs the server a full handshake each time the client asks, on one
     * connection, and has a history of attacks (CVE-2009-3555, CVE-2011-1473). The JDK refuses it only when told
     * to, by a system property it reads once, at its first server handshake: so it is set before the first
     * context is built. It holds for the whole JVM, which only makes other TLS servers in it safer.
     */
    private static void refuseClientRenegotiation() {
        if ("false".equalsIgnoreCase(System.getProperty(REJECT_RENEGOTIATION))) {
            log.warn("{}=false: TLS clients may renegotiate, which lets one connection make the server repeat "
                    + "full handshakes", REJECT_RENEGOTIATION);
            return;
        }
        System.setProperty(REJECT_RENEGOTIATION, "true");
    }

    private FileTime[] stamps() {
        try {
            return new FileTime[] {Files.getLastModifiedTime(certificateChain), Files.getLastModifiedTime(privateKey)};
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + e.getMessage(), e);
        }
    }
}
