package io.pumplink.gateway.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** With a bearer token set, every route answers 401 to a request without it or with another one. */
class OpsHttpServerTokenTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void onlyTheRightBearerTokenIsServed() throws Exception {
        try (OpsHttpServer server = new OpsHttpServer()
                .route("/health", query -> OpsHttpServer.Reply.text(HttpResponseStatus.OK, "text/plain", "UP\n"))
                .requireBearerToken("s3cr3t-token")
                .start(new InetSocketAddress("127.0.0.1", 0))) {
            URI health = URI.create("http://127.0.0.1:" + server.port() + "/health");

            HttpResponse<String> none = HTTP.send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(health)
                    .header("Authorization", "Bearer s3cr3t-tokeX").build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> right = HTTP.send(HttpRequest.newBuilder(health)
                    .header("Authorization", "Bearer s3cr3t-token").build(), HttpResponse.BodyHandlers.ofString());

            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).isEqualTo("UP\n");
        }
    }
}
