package io.netauth.server;

import static io.netauth.server.testing.RunningServer.loginBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(new X500Name("CN=" + name), BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))),
                        new X500Name("CN=" + name), pair.getPublic())
                        .addExtension(Extension.subjectAlternativeName, false,
                                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")))
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        Files.writeString(cert, pem(certificate));
        Files.writeString(key, pem(new JcaPKCS8Generator(pair.getPrivate(), null).generate()));
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
}
