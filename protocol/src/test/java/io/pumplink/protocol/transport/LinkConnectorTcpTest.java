package io.pumplink.protocol.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP side of LinkConnector: the emulator listens, the gateway connects, bytes flow both ways. */
class LinkConnectorTcpTest {
    private static final int SIZE = 256 * 1024;

    private final LinkConnector connector = new LinkConnector(Duration.ofSeconds(2));

    @AfterEach
    void tearDown() {
        connector.close();
    }

    @Test
    void listenAndConnectExchangeBytesBothWays() throws Exception {
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        ByteCollector atServer = new ByteCollector();
        ChannelFuture bound = connector.listenTcp("127.0.0.1", 0, new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(atServer);
                accepted.complete(ch);
            }
        });
        assertThat(bound.await(5, TimeUnit.SECONDS) && bound.isSuccess()).as("bound").isTrue();
        int port = ((InetSocketAddress) bound.channel().localAddress()).getPort();

        ByteCollector atClient = new ByteCollector();
        ChannelFuture connected = connector.connect(Endpoint.parse("tcp:127.0.0.1:" + port), atClient);
        assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(connected.cause()).isNull();
        Channel client = connected.channel();
        Channel server = accepted.get(5, TimeUnit.SECONDS);

        byte[] up = ByteCollector.randomBytes(SIZE, 3);
        byte[] down = ByteCollector.randomBytes(SIZE, 4);
        ByteCollector.send(client, up, 4096);
        ByteCollector.send(server, down, 4096);
        await().atMost(Duration.ofSeconds(10)).until(() -> atServer.size() >= SIZE && atClient.size() >= SIZE);
        atServer.assertReceived(up);
        atClient.assertReceived(down);

        client.close().await(2, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(3)).until(atServer::inactive);
    }

    @Test
    void connectToAClosedPortFailsNamingTheAddress() throws Exception {
        // a privileged port nothing listens on; an ephemeral one could be the client's own (TCP self-connect)
        ChannelFuture connected = connector.connect(Endpoint.parse("tcp:127.0.0.1:1"), new ByteCollector());

        assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(connected.isSuccess()).isFalse();
        assertThat(connected.cause()).hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void aClosedConnectorRefusesNewLinks() {
        connector.close();
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> connector.connect(new Endpoint.Tcp("127.0.0.1", 1), new ByteCollector()))
                .withMessageContaining("closed");
    }
}
