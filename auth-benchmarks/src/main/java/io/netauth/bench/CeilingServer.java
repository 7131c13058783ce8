package io.netauth.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The load benchmark's ceiling: a bare Netty server with the auth server's codec limits, keep-alive and body
 * aggregation, answering every request with a fixed JSON body the size of a verification answer. What the
 * auth server does beyond this is its own cost. Run: {@code java -cp benchmarks.jar io.netauth.bench.CeilingServer PORT}.
 */
public final class CeilingServer {

    private static final byte[] BODY = ("{\"sub\":\"6f1c2a4e-0000-4000-8000-000000000000\",\"preferred_username\":"
            + "\"user1\",\"roles\":[\"user\"],\"iss\":\"netauth\",\"aud\":[\"netauth\"],\"iat\":1795600000,"
            + "\"exp\":1795600900,\"jti\":\"6f1c2a4e-0000-4000-8000-000000000001\"}").getBytes(StandardCharsets.UTF_8);

    private CeilingServer() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = Integer.parseInt(args[0]);
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(Runtime.getRuntime().availableProcessors(),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Answer answer = new Answer();
        Channel server = new ServerBootstrap().group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(4096).setMaxHeaderSize(8192).setMaxChunkSize(8192)),
                                new HttpServerKeepAliveHandler(), new HttpObjectAggregator(8192), answer);
                    }
                })
                .bind("127.0.0.1", port).sync().channel();
        System.out.println("ceiling listening on " + server.localAddress() + (epoll ? " (epoll)" : " (nio)"));
        server.closeFuture().sync();
    }

    @ChannelHandler.Sharable
    private static final class Answer extends SimpleChannelInboundHandler<FullHttpRequest> {
        private static final ByteBuf CONTENT = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(BODY));

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    CONTENT.duplicate());
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json; charset=utf-8");
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
            ctx.writeAndFlush(response);
        }
    }
}
