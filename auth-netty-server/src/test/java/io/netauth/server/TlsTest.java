package io.netauth.server;

import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.server.testing.RunningServer;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS in the server, with certificates this test makes, and a real TLS client. */
class TlsTest {

    private static X509Certificate writeCertificate(Path cert, Path key, String name) throws Exception {
        return writeCertificate(cert, key, name, "EC");
    }

    /** A self-signed certificate for 127.0.0.1 with an EC (P-256) or RSA (2048-bit) key. */
    private static X509Certificate writeCertificate(Path cert, Path key, String name, String algorithm)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(algorithm.equals("EC") ? 256 : 2048);
        KeyPair pair = generator.generateKeyPair();
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
                        new X500Name("CN=" + name), pair.getPublic())
                        .addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                        .build(new JcaContentSignerBuilder(algorithm.equals("EC") ? "SHA256withECDSA"
                                : "SHA256withRSA").build(pair.getPrivate())));
        Files.writeString(cert, pem(certificate));
        Files.writeString(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()));
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return certificate;
    }

    private static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static SSLContext trusting(X509Certificate... certificates) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            trust.setCertificateEntry("c" + i, certificates[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static X509Certificate presented(SSLContext client, int port, String protocol) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    @Test
    void loginsWorkOverTls12And13OnlyAndARenewedCertificateIsServedWithoutRestart(@TempDir Path dir)
            throws Exception {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        X509Certificate first = writeCertificate(cert, key, "first");
        try (RunningServer s = RunningServer.builder().config(b -> b.tls(cert, key).tlsReloadInterval(Duration.ofSeconds(1))).start()) {
            s.addUser("alice", "correct horse");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(first)).build();
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + s.port() + "/auth"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(loginBody("alice", "correct horse"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());

            SSLContext trustsFirst = trusting(first);
            assertEquals(first, presented(trustsFirst, s.port(), "TLSv1.3"));
            assertEquals(first, presented(trustsFirst, s.port(), "TLSv1.2"));
            assertThrows(SSLHandshakeException.class, () -> presented(trustsFirst, s.port(), "TLSv1.1"));

            Path newCert = dir.resolve("new-chain.pem");
            Path newKey = dir.resolve("new-key.pem");
            X509Certificate second = writeCertificate(newCert, newKey, "second");
            Files.move(newKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.move(newCert, cert, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.setLastModifiedTime(cert, FileTime.from(Instant.now().plusSeconds(5)));
            SSLContext trustsBoth = trusting(first, second);
            X509Certificate now = first;
            for (int i = 0; i < 100 && now.equals(first); i++) {
                Thread.sleep(100);
                now = presented(trustsBoth, s.port(), "TLSv1.3");
            }
            assertEquals(second, now, "new connections get the renewed certificate");
            assertNotEquals(first, now);
        }
    }

    /** One TLS 1.2 connection that offers only {@code suite}; answers the suite agreed. */
    private static String agreed(SSLContext client, int port, String suite) throws Exception {
        try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    @Test
    void tls12OffersOnlyEcdheWithAeadAsMozillasIntermediateProfile(@TempDir Path dir) throws Exception {
        // An RSA certificate, with which the JDK would otherwise agree static-RSA key exchange and CBC suites.
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        SSLContext client = trusting(writeCertificate(cert, key, "rsa", "RSA"));
        try (RunningServer s = RunningServer.builder().config(b -> b.tls(cert, key)).start()) {
            for (String weak : new String[] {"TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA",
                    "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
                    "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384"}) {
                assertThrows(SSLHandshakeException.class, () -> agreed(client, s.port(), weak), weak);
            }
            for (String strong : new String[] {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                    "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"}) {
                assertEquals(strong, agreed(client, s.port(), strong));
            }
        }
    }

    @Test
    void aClientInitiatedRenegotiationIsRefused(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        SSLContext client = trusting(writeCertificate(cert, key, "renegotiation", "RSA"));
        try (RunningServer s = RunningServer.builder().config(b -> b.tls(cert, key)).start();
                SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", s.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            // A second handshake on the same connection: a renegotiation (RFC 5746), refused with a fatal alert.
            socket.startHandshake();
            assertThrows(java.io.IOException.class, () -> {
                socket.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                if (socket.getInputStream().read() < 0) {
                    throw new java.io.EOFException("closed without an answer");
                }
            });
        }
    }

    @Test
    void everyTlsResponseCarriesStrictTransportSecurityAndPlainHttpNone(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(writeCertificate(cert, key, "hsts"))).build();
        try (RunningServer s = RunningServer.builder().config(b -> b.tls(cert, key)).start()) {
            for (String path : new String[] {"/health/live", "/no/such/path", "/.well-known/jwks.json"}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + s.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
                // RFC 6797 section 6.1; a year by default
                assertEquals("max-age=31536000", r.headers().firstValue("strict-transport-security").orElse(""), path);
            }
        }
        try (RunningServer s = RunningServer.builder().config(b -> b.tls(cert, key)
                .set(ServerSettings.HSTS_INCLUDE_SUBDOMAINS, true)
                .set(ServerSettings.HSTS_MAX_AGE, Duration.ofDays(2))).start()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + s.port() + "/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("max-age=172800; includeSubDomains",
                    r.headers().firstValue("strict-transport-security").orElse(""));
        }
        try (RunningServer s = RunningServer.builder().start()) {
            // Section 7.2: never over plain HTTP.
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(s.uri("/health/live"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("strict-transport-security").isEmpty());
        }
    }

    @Test
    void aTlsKeyOtherUsersCanReadStopsTheStartUnlessAllowed(@TempDir Path dir) throws Exception {
        Path cert = dir.resolve("chain.pem");
        Path key = dir.resolve("key.pem");
        X509Certificate certificate = writeCertificate(cert, key, "readable");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        io.netauth.server.ServerStartException refused = assertThrows(io.netauth.server.ServerStartException.class,
                () -> RunningServer.builder().config(b -> b.tls(cert, key)).start().close());
        assertTrue(refused.getMessage().contains("tls-key: " + key + " can be read or written by other users "
                + "(rw-r--r--)"), refused.getMessage());
        assertTrue(refused.getMessage().contains("chmod 600 " + key), refused.getMessage());
        // A container that mounts its secrets read-only with other modes says so.
        try (RunningServer s = RunningServer.builder().config(b -> b.tls(cert, key)
                .set(io.netauth.core.config.CoreSettings.SECRET_FILES_READABLE, true)).start()) {
            assertEquals(certificate, presented(trusting(certificate), s.port(), "TLSv1.3"));
        }
    }
}
