package io.pumplink.gateway.ops;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The gateway's HTTP side (Netty): {@code /metrics} for Prometheus, {@code /health} for orchestrators, and any
 * further read-only routes (the dashboard), including Server-Sent Events streams. GET only.
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final int MAX_REQUEST_BYTES = 8192;

    /** A route's answer. */
    public record Reply(HttpResponseStatus status, String contentType, byte[] body) {
        public static Reply text(HttpResponseStatus status, String contentType, String body) {
            return new Reply(status, contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Function<QueryStringDecoder, Reply>> routes = new LinkedHashMap<>();
    private final Map<String, BiConsumer<QueryStringDecoder, Channel>> streams = new LinkedHashMap<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private Channel server;
    private byte[] bearerToken; // null: no token asked for (bound to loopback)

    public OpsHttpServer route(String path, Function<QueryStringDecoder, Reply> handler) {
        routes.put(path, handler);
        return this;
    }

    /**
     * A Server-Sent Events route: the response head ({@code text/event-stream}, chunked) is sent, then {@code open}
     * gets the channel and owns it from there, writing {@code HttpContent} chunks until either side closes it.
     */
    public OpsHttpServer eventStream(String path, BiConsumer<QueryStringDecoder, Channel> open) {
        streams.put(path, open);
        return this;
    }

    /** Every request must then carry {@code Authorization: Bearer <token>}; others get 401. Before {@link #start}. */
    public OpsHttpServer requireBearerToken(String token) {
        bearerToken = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        return this;
    }

    private boolean authorised(FullHttpRequest request) {
        if (bearerToken == null) {
            return true;
        }
        String given = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        // constant time: the comparison must not tell how much of a guess was right
        return MessageDigest.isEqual(bearerToken, given.getBytes(StandardCharsets.UTF_8));
    }

    /** Binds {@code address}; a port in use is a {@link BindException}. */
    public OpsHttpServer start(InetSocketAddress address) throws InterruptedException, BindException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_REQUEST_BYTES),
                                new Router());
                    }
                })
                .bind(address).sync().channel();
        return this;
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            BiConsumer<QueryStringDecoder, Channel> stream = streams.get(uri.path());
            boolean authorised = authorised(request);
            if (authorised && stream != null && request.method() == HttpMethod.GET) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                        .set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                HttpUtil.setTransferEncodingChunked(head, true);
                ctx.writeAndFlush(head);
                stream.accept(uri, ctx.channel());
                return;
            }
            Function<QueryStringDecoder, Reply> route = routes.get(uri.path());
            Reply reply = !authorised ? Reply.text(HttpResponseStatus.UNAUTHORIZED, "text/plain", "bearer token required\n")
                    : request.method() != HttpMethod.GET
                    ? Reply.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "read-only: GET only\n")
                    : route == null ? Reply.text(HttpResponseStatus.NOT_FOUND, "text/plain", "not found\n")
                    : route.apply(uri);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reply.status(),
                    Unpooled.wrappedBuffer(reply.body()));
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, reply.contentType());
            response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
            if (!authorised) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
            }
            HttpUtil.setContentLength(response, reply.body().length);
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
