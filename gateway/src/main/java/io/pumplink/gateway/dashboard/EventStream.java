package io.pumplink.gateway.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One browser's Server-Sent Events connection: drains its {@link Subscription} onto the channel on the
 * channel's event loop (where the feed runs its callbacks), only while the socket takes more (Netty's writability),
 * so what a slow browser has not read waits in the subscription's bounded queue, and when that is full the feed
 * drops the client and this closes the connection. A comment line every {@code keepAlive} keeps proxies and the
 * browser from timing out.
 */
final class EventStream {
    /** Tells the browser how long to wait before reconnecting (it then gets a fresh snapshot). */
    static final String PREAMBLE = "retry: 2000\n\n";
    static final String KEEP_ALIVE = ": keep-alive\n\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Channel channel;
    private Subscription subscription;

    private EventStream(Channel channel) {
        this.channel = channel;
    }

    /** Takes over {@code channel}, whose response head ({@code text/event-stream}, chunked) has been sent. */
    static void open(Channel channel, LiveFeed feed, Duration keepAlive) {
        EventStream stream = new EventStream(channel);
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) {
                    stream.drain();
                }
                ctx.fireChannelWritabilityChanged();
            }
        });
        write(channel, PREAMBLE);
        channel.flush();
        stream.subscription = feed.subscribe(channel.eventLoop(), stream::drain, channel::close);
        ScheduledFuture<?> pings = channel.eventLoop().scheduleAtFixedRate(() -> {
            if (channel.isActive() && channel.isWritable()) {
                write(channel, KEEP_ALIVE);
                channel.flush();
            }
        }, keepAlive.toMillis(), keepAlive.toMillis(), TimeUnit.MILLISECONDS);
        channel.closeFuture().addListener(closed -> {
            pings.cancel(false);
            stream.subscription.close();
        });
    }

    /** On the event loop: sends what the subscription holds, as far as the socket takes it. */
    private void drain() {
        if (subscription == null || !channel.isActive()) {
            return;
        }
        boolean wrote = false;
        while (channel.isWritable()) {
            String frame = subscription.poll();
            if (frame == null) {
                break;
            }
            write(channel, frame);
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    /** One event: its name and a single-line JSON data field. */
    static String frame(String event, JsonNode data) {
        try {
            return "event: " + event + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Channel channel, String text) {
        channel.write(new DefaultHttpContent(ByteBufUtil.writeUtf8(channel.alloc(), text)));
    }
}
