package io.netauth.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * A constant-rate (open-loop) load generator, for what wrk cannot show: wrk waits for each answer before it
 * sends the next request on a connection, so under overload it slows down with the server and mixes fast
 * refusals with slow successes. Here each stream sends at a fixed rate whatever the server does, on as many
 * keep-alive connections as it needs, and each latency is counted from the moment the request was due, not
 * from when it went out, so a stalled generator or server shows as latency instead of hiding (coordinated
 * omission). Everything runs on one Netty event loop, so the generator takes little of the CPU it shares with
 * the server.
 *
 * <p>Usage: {@code OpenLoopLoad HOST PORT SECONDS STREAM...} (after a warm-up of three seconds at the same
 * rates), where a stream is {@code kind@requests-per-second}:
 * {@code login@264} posts correct passwords for {@code user1..user$USERS}, {@code verify@1000} checks the token
 * in {@code $TOKEN}, {@code health@50} asks {@code /health/ready} and {@code live@50} {@code /health/live}. Prints, per stream, the offered rate and the
 * requests left unanswered, then one line per outcome (the status, or {@code failed}):
 * {@code OPEN login 503 count=.. rps=.. p50=.. p99=.. p999=.. max=..}, in milliseconds, and the generator's own
 * collections in the measured seconds ({@code GENERATOR collections=0 pause_ms=0} when nothing of its own is
 * in the figures; run it with a young generation that outlasts a run, as {@code run.sh} does). With
 * {@code TRACE_SLOW_MS=n} it also prints each measured answer slower than n ms, with the wall-clock time it was
 * due ({@code SLOW health 200 due=<epoch seconds> took=<ms>}), to line it up with the server's own logs,
 * and each time its own loop woke more than n ms after the last time ({@code LATE generator at=.. gap=..}).
 */
public final class OpenLoopLoad {

    private static final AttributeKey<Pending> PENDING = AttributeKey.valueOf("pending");
    private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_CONNECTIONS = 4000;
    /** Sent at the full rate but not counted: the JIT, connection set-up and class loading of both sides. */
    private static final int WARMUP_SECONDS = 3;

    private static final long TRACE_SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(
            Long.parseLong(System.getenv().getOrDefault("TRACE_SLOW_MS", "0")));
    private static final long NANO_ZERO = System.nanoTime();
    private static final long EPOCH_MICROS_AT_ZERO = System.currentTimeMillis() * 1000;

    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final ArrayDeque<Channel> idle = new ArrayDeque<>();
    private final List<Stream> streams;
    private final long start;
    private final long measureFrom;
    private final long end;
    private final int users = Integer.parseInt(System.getenv().getOrDefault("USERS", "1"));
    private final String token = System.getenv().getOrDefault("TOKEN", "");
    private final String host;
    private final CountDownLatch finished = new CountDownLatch(1);
    private int connections;
    private int inFlight;
    private long[] pausesBefore = {0, 0};
    private long lastTick;

    private OpenLoopLoad(EventLoop loop, Bootstrap bootstrap, String host, List<Stream> streams, long seconds) {
        this.loop = loop;
        this.bootstrap = bootstrap;
        this.host = host;
        this.streams = streams;
        this.start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        this.measureFrom = start + TimeUnit.SECONDS.toNanos(WARMUP_SECONDS);
        this.end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    }

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        List<Stream> streams = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            String[] parts = args[i].split("@");
            streams.add(new Stream(parts[0], Double.parseDouble(parts[1])));
        }
        boolean epoll = Epoll.isAvailable();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoop loop = group.next();
        Bootstrap bootstrap = new Bootstrap().group(loop)
                .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .remoteAddress(host, port);
        OpenLoopLoad load = new OpenLoopLoad(loop, bootstrap, host, streams, seconds);
        bootstrap.handler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), load.new Answers());
            }
        });
        // The first look at the collector beans loads the management classes: 90 ms, which on the event loop
        // at the start of the measured seconds stalled every stream and made a /health/ready p99 on its own.
        GeneratorPauses.sofar();
        if (TRACE_SLOW_NANOS > 0) {
            wallClock(System.nanoTime()); // the first format loads its classes: 30 ms
        }
        loop.submit(load::tick).sync();
        loop.schedule(() -> load.pausesBefore = GeneratorPauses.sofar(), load.measureFrom - System.nanoTime(),
                TimeUnit.NANOSECONDS);
        long waitMillis = TimeUnit.NANOSECONDS.toMillis(load.end - System.nanoTime() + DRAIN_NANOS) + 1000;
        load.finished.await(waitMillis, TimeUnit.MILLISECONDS);
        loop.submit(load::print).sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    /** Every millisecond: send what has fallen due, each with its own due time. */
    private void tick() {
        long now = System.nanoTime();
        if (TRACE_SLOW_NANOS > 0 && now >= measureFrom && now < end && now - lastTick > TRACE_SLOW_NANOS) {
            // The generator's own loop ran late: every request due meanwhile went out late, and counts it.
            System.out.printf("LATE generator at=%s gap=%.2f%n", wallClock(now), (now - lastTick) / 1e6);
        }
        lastTick = now;
        boolean sending = false;
        for (Stream stream : streams) {
            long due;
            while ((due = stream.nextDue(start)) <= now && due < end) {
                send(stream, due);
                stream.sent++;
            }
            sending |= stream.nextDue(start) < end;
        }
        if (sending) {
            loop.schedule(this::tick, TICK_NANOS, TimeUnit.NANOSECONDS);
        } else if (inFlight == 0 || now > end + DRAIN_NANOS) {
            finished.countDown();
        } else {
            loop.schedule(this::tick, 10, TimeUnit.MILLISECONDS);
        }
    }

    private void send(Stream stream, long due) {
        inFlight++;
        Pending pending = new Pending(stream, due, request(stream));
        Channel channel = idle.pollFirst();
        if (channel != null) {
            write(channel, pending);
        } else if (connections >= MAX_CONNECTIONS) {
            ReferenceCountUtil.release(pending.request);
            complete(pending, "failed");
        } else {
            connections++;
            bootstrap.connect().addListener(f -> {
                if (f.isSuccess()) {
                    Channel ch = ((ChannelFuture) f).channel();
                    ch.closeFuture().addListener(c -> connectionClosed(ch));
                    write(ch, pending);
                } else {
                    connections--;
                    ReferenceCountUtil.release(pending.request);
                    complete(pending, "failed");
                }
            });
        }
    }

    private void write(Channel channel, Pending pending) {
        channel.attr(PENDING).set(pending);
        channel.writeAndFlush(pending.request);
    }

    private void connectionClosed(Channel channel) {
        connections--;
        idle.remove(channel);
        Pending pending = channel.attr(PENDING).getAndSet(null);
        if (pending != null) {
            complete(pending, "failed");
        }
    }

    private void complete(Pending pending, String outcome) {
        inFlight--;
        long took = System.nanoTime() - pending.due;
        boolean measured = pending.due >= measureFrom;
        if (measured && TRACE_SLOW_NANOS > 0 && took > TRACE_SLOW_NANOS) {
            System.out.printf("SLOW %s %s due=%s took=%.2f%n", pending.stream.kind, outcome,
                    wallClock(pending.due), took / 1e6);
        }
        // The warm-up's answers are recorded too, apart, so that the histograms' classes are loaded and their
        // code compiled before the measured seconds: loaded at the first measured answer, they stalled the
        // event loop for 50 ms, a latency of every request due then.
        pending.stream.record(measured, outcome, took);
    }

    /** A {@link System#nanoTime} reading as epoch seconds with microseconds, to match other logs' times. */
    private static String wallClock(long nanos) {
        long micros = EPOCH_MICROS_AT_ZERO + (nanos - NANO_ZERO) / 1000;
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    private FullHttpRequest request(Stream stream) {
        FullHttpRequest request;
        switch (stream.kind) {
            case "login" -> {
                long user = stream.sent % users + 1;
                ByteBuf body = Unpooled.copiedBuffer("{\"username\":\"user" + user + "\",\"password\":\"password-"
                        + user + "\"}", StandardCharsets.UTF_8);
                request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/auth", body);
                request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
                HttpUtil.setContentLength(request, body.readableBytes());
            }
            case "verify" -> {
                request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/auth/verify",
                        Unpooled.EMPTY_BUFFER);
                request.headers().set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token);
            }
            case "health" -> request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                    "/health/ready", Unpooled.EMPTY_BUFFER);
            case "live" -> request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                    "/health/live", Unpooled.EMPTY_BUFFER);
            default -> throw new IllegalArgumentException("unknown stream " + stream.kind);
        }
        request.headers().set(HttpHeaderNames.HOST, host);
        return request;
    }

    private void print() {
        for (Stream stream : streams) {
            System.out.printf("OFFERED %s rate=%.0f sent=%d%n", stream.kind, stream.rate, stream.sent);
            double seconds = (end - measureFrom) / 1e9;
            for (Map.Entry<String, Histogram> e : new TreeMap<>(stream.outcomes).entrySet()) {
                Histogram h = e.getValue();
                System.out.printf("OPEN %s %s count=%d rps=%.1f p50=%.2f p99=%.2f p999=%.2f max=%.2f%n", stream.kind,
                        e.getKey(), h.getTotalCount(), h.getTotalCount() / seconds,
                        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                        h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
            }
        }
        System.out.printf("UNANSWERED %d%n", inFlight);
        long[] pauses = GeneratorPauses.sofar();
        System.out.printf("GENERATOR collections=%d pause_ms=%d (its own, in the measured seconds: each one is counted"
                + " as latency of every request due during it)%n", pauses[0] - pausesBefore[0],
                pauses[1] - pausesBefore[1]);
    }

    /** This JVM's garbage collections so far: their count and their accumulated time in milliseconds. */
    private static final class GeneratorPauses {
        static long[] sofar() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                count += Math.max(0, gc.getCollectionCount());
                millis += Math.max(0, gc.getCollectionTime());
            }
            return new long[] {count, millis};
        }
    }

    /** Reads each answer on the event loop, records it against its request and frees the connection. */
    private final class Answers extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Pending pending = ctx.channel().attr(PENDING).getAndSet(null);
            if (pending == null) {
                return;
            }
            complete(pending, Integer.toString(response.status().code()));
            if (HttpUtil.isKeepAlive(response)) {
                idle.addFirst(ctx.channel());
            } else {
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private record Pending(Stream stream, long due, FullHttpRequest request) {
    }

    private static final class Stream {
        final String kind;
        final double rate;
        final Map<String, Histogram> outcomes = new TreeMap<>();
        final Map<String, Histogram> warmUp = new TreeMap<>();
        long sent;

        Stream(String kind, double rate) {
            this.kind = kind;
            this.rate = rate;
        }

        long nextDue(long start) {
            return start + (long) (sent * 1e9 / rate);
        }

        void record(boolean measured, String outcome, long nanos) {
            (measured ? outcomes : warmUp).computeIfAbsent(outcome, o -> new Histogram(3))
                    .recordValue(Math.max(0, nanos / 1000));
        }
    }
}
