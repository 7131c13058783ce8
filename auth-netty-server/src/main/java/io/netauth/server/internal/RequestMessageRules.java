package io.netauth.server.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.util.List;

/**
 * The rules of RFC 9112 that the HTTP codec does not enforce, checked on each request head: section 2.3, a
 * version other than HTTP/1.x is refused (the codec reads any "HTTP/n.m"); section 6.1, an
 * HTTP/1.0 request with {@code Transfer-Encoding} has faulty framing and is refused; section 3.2, a
 * request without exactly one valid {@code Host} (HTTP/1.1), or with more than one or an invalid one (any
 * version), is refused; in the absolute form the target's own authority is checked instead, and {@code Host}
 * is ignored (section 3.2.2). A refused request goes on as a whole request with a failed decoder result, which
 * the router answers with 400 and a closed connection; everything after it on the connection, and after a
 * request the codec itself could not decode, is dropped unread and released here.
 * One instance per connection; touched only on its event loop. Not API.
 */
final class RequestMessageRules extends ChannelInboundHandlerAdapter {

    private boolean refused;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg); // the connection closes after the refusal: nothing behind it counts
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
            refused = true; // the codec refused it; the router answers 400 and closes, so what follows is dropped
        } else if (msg instanceof HttpRequest request) {
            String problem = problemOf(request);
            if (problem != null) {
                refused = true;
                ctx.channel().config().setAutoRead(false);
                DefaultFullHttpRequest refusal = new DefaultFullHttpRequest(request.protocolVersion(),
                        request.method(), "/");
                refusal.setDecoderResult(DecoderResult.failure(new IllegalArgumentException(problem)));
                ReferenceCountUtil.release(msg);
                ctx.fireChannelRead(refusal);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    /** What is wrong with the request head, or {@code null}. */
    static String problemOf(HttpRequest request) {
        if (request.protocolVersion().majorVersion() != 1 || !"HTTP".equals(request.protocolVersion().protocolName())) {
            return "not HTTP/1.x"; // section 2.3: another major version's framing is not ours to guess
        }
        if (HttpVersion.HTTP_1_0.equals(request.protocolVersion())
                && request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return "Transfer-Encoding in HTTP/1.0"; // section 6.1: faulty framing, whatever Content-Length says
        }
        String uri = request.uri();
        List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
        if (RequestTargets.isAbsoluteForm(uri)) {
            String authority = RequestTargets.authorityOf(uri);
            return Hosts.isValid(authority) && !authority.isEmpty() ? null : "the target's authority is not valid";
        }
        if (hosts.size() > 1) {
            return "more than one Host";
        }
        if (hosts.isEmpty()) {
            return HttpVersion.HTTP_1_0.equals(request.protocolVersion()) ? null : "no Host";
        }
        return Hosts.isValid(hosts.get(0)) ? null : "an invalid Host";
    }
}
