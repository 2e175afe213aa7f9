package io.pumplink.gateway.mqtt;

import io.pumplink.config.FileReasons;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

/**
 * The TLS material of the broker connection, all PEM: the CA certificates the broker's certificate must chain
 * to (none: the JDK's trust store), and the gateway's own certificate chain and private key for mutual TLS
 * (both or neither). Keys may be PKCS#8, PKCS#1 (RSA) or SEC1 (EC), unencrypted: the JDK reads none of these
 * from PEM, BouncyCastle's parser does. Only TLS 1.2 and 1.3 are offered.
 */
public record BrokerTls(Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {
    /** TLS 1.0 and 1.1 are broken (RFC 8996): never offered, whatever the JDK's defaults. */
    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    public static final BrokerTls NONE = new BrokerTls(Optional.empty(), Optional.empty(), Optional.empty());

    /** Which file a {@link TlsFileException} is about, with the configuration key and the tools' flag for it. */
    public enum Material {
        CA("mqtt.caFile", "--mqtt-ca"), CERT("mqtt.certFile", "--mqtt-cert"), KEY("mqtt.keyFile", "--mqtt-key");

        private final String configKey;
        private final String flag;

        Material(String configKey, String flag) {
            this.configKey = configKey;
            this.flag = flag;
        }

        public String configKey() {
            return configKey;
        }

        public String flag() {
            return flag;
        }
    }

    public BrokerTls {
        Objects.requireNonNull(caFile, "caFile");
        Objects.requireNonNull(certFile, "certFile");
        Objects.requireNonNull(keyFile, "keyFile");
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("a client certificate and its key go together: give both or neither");
        }
    }

    /** Connects over {@code factory}, with the broker's host name checked against its certificate. */
    public static void use(SSLSocketFactory factory, MqttConnectionOptions options) {
        options.setSocketFactory(factory);
        // off, the JDK checks only the chain: any certificate the CA signed would pass for the broker
        options.setHttpsHostnameVerificationEnabled(true);
    }

    /** Reads the files; every problem names the file it is about. */
    public SSLSocketFactory socketFactory() throws TlsFileException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(certFile.isPresent() ? keyManagers() : null, caFile.isPresent() ? trustManagers() : null,
                    null);
            return new ProtocolLimitedSocketFactory(context.getSocketFactory(), PROTOCOLS);
        } catch (GeneralSecurityException e) {
            // in-memory key stores and the JDK's own TLS: nothing a configuration can cause
            throw new IllegalStateException("the JDK's TLS cannot be set up", e);
        }
    }

    private javax.net.ssl.TrustManager[] trustManagers() throws TlsFileException, GeneralSecurityException {
        Path file = caFile.orElseThrow();
        Collection<? extends Certificate> cas = certificates(Material.CA, file);
        KeyStore store = emptyStore();
        int i = 0;
        for (Certificate ca : cas) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private javax.net.ssl.KeyManager[] keyManagers() throws TlsFileException, GeneralSecurityException {
        Certificate[] chain = certificates(Material.CERT, certFile.orElseThrow()).toArray(Certificate[]::new);
        KeyStore store = emptyStore();
        char[] none = new char[0]; // the store lives in memory only
        try {
            store.setKeyEntry("client", privateKey(keyFile.orElseThrow()), none, chain);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(Material.KEY, keyFile.get(), "does not fit the client certificate: "
                    + e.getMessage());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, none);
        return factory.getKeyManagers();
    }

    private static Collection<? extends Certificate> certificates(Material material, Path file)
            throws TlsFileException {
        try (InputStream in = Files.newInputStream(file)) {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new TlsFileException(material, file, "no PEM certificate in it");
            }
            return certificates;
        } catch (IOException e) {
            throw new TlsFileException(material, file, "cannot read: " + FileReasons.of(e));
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(material, file, "not a PEM certificate: " + e.getMessage());
        }
    }

    private static PrivateKey privateKey(Path file) throws TlsFileException {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            parsed = parser.readObject();
        } catch (IOException e) {
            throw new TlsFileException(Material.KEY, file, "cannot read: " + FileReasons.of(e));
        }
        // the key's bytes never go into a message
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (parsed instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (parsed instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
        } catch (IOException e) {
            throw new TlsFileException(Material.KEY, file, "unsupported private key: " + e.getMessage());
        }
        throw new TlsFileException(Material.KEY, file, parsed == null ? "no PEM private key in it"
                : "not an unencrypted private key (PKCS#8, PKCS#1 or SEC1 PEM); decrypt it with openssl pkey");
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("an empty in-memory key store cannot fail to load", e);
        }
        return store;
    }
}
