package io.pumplink.gateway.mqtt;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority, made at test time with BouncyCastle: EC P-256 keys, PEM files (keys as
 * PKCS#8), certificates for the broker (by IP address and name) and for clients (by common name).
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate and its key, written as PEM. */
    public record Issued(X509Certificate certificate, KeyPair keys, Path certFile, Path keyFile) {
    }

    private final Path dir;
    private final Issued ca;

    private TestPki(Path dir, Issued ca) {
        this.dir = dir;
        this.ca = ca;
    }

    /** A new CA whose files are {@code dir/<name>.crt} and {@code dir/<name>.key}. */
    public static TestPki create(Path dir, String name) {
        KeyPair keys = keyPair();
        X500Name subject = new X500Name("CN=" + name);
        X509Certificate cert = sign(new JcaX509v3CertificateBuilder(subject, serial(), notBefore(),
                Date.from(Instant.now().plus(Duration.ofDays(1))), subject, keys.getPublic()), keys, true, null);
        return new TestPki(dir, write(dir, name, cert, keys));
    }

    public Path caFile() {
        return ca.certFile();
    }

    /** A server certificate for {@code 127.0.0.1} and {@code hostName}. */
    public Issued server(String name, String hostName) {
        GeneralNames names = new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, hostName)});
        return issue(name, name, Instant.now().plus(Duration.ofDays(1)), names);
    }

    /** A client certificate with common name {@code commonName}, which mosquitto takes as the user name. */
    public Issued client(String name, String commonName) {
        return issue(name, commonName, Instant.now().plus(Duration.ofDays(1)), null);
    }

    /** A client certificate that expired an hour ago. */
    public Issued expiredClient(String name, String commonName) {
        return issue(name, commonName, Instant.now().minus(Duration.ofHours(1)), null);
    }

    private Issued issue(String name, String commonName, Instant notAfter, GeneralNames altNames) {
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(), notBefore(),
                Date.from(notAfter), new X500Name("CN=" + commonName), keys.getPublic());
        return write(dir, name, sign(builder, ca.keys(), false, altNames), keys);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer, boolean isCa,
                                        GeneralNames altNames) {
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(isCa
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature | KeyUsage.keyAgreement));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Issued write(Path dir, String name, X509Certificate cert, KeyPair keys) {
        try {
            Path certFile = dir.resolve(name + ".crt");
            Path keyFile = dir.resolve(name + ".key");
            Files.writeString(certFile, pem(cert));
            // PKCS#8 ("BEGIN PRIVATE KEY"), the form the gateway documents
            Files.writeString(keyFile, pem(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(keys.getPrivate(), null)));
            return new Issued(cert, keys, certFile, keyFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return BigInteger.valueOf(SERIAL.incrementAndGet());
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofDays(1)));
    }
}
