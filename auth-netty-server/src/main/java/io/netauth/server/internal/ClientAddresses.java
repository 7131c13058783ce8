package io.netauth.server.internal;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The client's address: the socket's peer, or, when the peer is a configured trusted proxy, the rightmost
 * address of {@code X-Forwarded-For} that is not itself a trusted proxy (the leftmost entries are whatever the
 * client chose to send). Only IP literals are read; nothing is ever resolved through DNS. Immutable and
 * thread-safe. Not API.
 */
public final class ClientAddresses {

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Cidr> trustedProxies;

    /** @param trustedProxies IP addresses or CIDR blocks, such as {@code 10.0.0.0/8} or {@code ::1} */
    public ClientAddresses(List<String> trustedProxies) {
        List<Cidr> parsed = new ArrayList<>();
        for (String entry : trustedProxies) {
            parsed.add(Cidr.parse(entry));
        }
        this.trustedProxies = List.copyOf(parsed);
    }

    /**
     * Checks one entry of a trusted proxy list.
     *
     * @return the entry
     * @throws IllegalArgumentException if it is no IP address or CIDR block
     */
    public static String checkBlock(String entry) {
        Cidr.parse(entry);
        return entry;
    }

    public String clientOf(Channel channel, HttpRequest request) {
        String peer = peerOf(channel);
        if (trustedProxies.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = request.headers().getAll(FORWARDED_FOR);
        String client = peer;
        for (int h = forwarded.size() - 1; h >= 0; h--) {
            String[] hops = forwarded.get(h).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                if (!NetUtil.isValidIpV4Address(hop) && !NetUtil.isValidIpV6Address(hop)) {
                    return client; // garbage: trust nothing beyond the last address we could read
                }
                client = hop;
                if (!isTrusted(hop)) {
                    return hop;
                }
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trustedProxies) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static String peerOf(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }

    /** An address block; a plain address is a block of one. */
    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            String trimmed = text.trim();
            int slash = trimmed.indexOf('/');
            String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
            byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
            if (bytes == null) {
                throw new IllegalArgumentException("trusted proxy: '" + text + "' (expected: an IP address or CIDR)");
            }
            int prefix = bytes.length * 8;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(trimmed.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("trusted proxy: '" + text + "' (expected: a prefix of 0 to "
                            + bytes.length * 8 + ")");
                }
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(byte[] address) {
            byte[] candidate = address;
            if (candidate.length != network.length) {
                candidate = mapped(candidate, network.length);
                if (candidate == null) {
                    return false;
                }
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (candidate[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xff << (8 - rest);
            return (candidate[full] & mask) == (network[full] & mask);
        }

        /** An IPv4 address as IPv4-mapped IPv6, or the reverse, so ::ffff:10.0.0.1 matches 10.0.0.0/8. */
        private static byte[] mapped(byte[] address, int length) {
            if (address.length == 16 && length == 4) {
                for (int i = 0; i < 10; i++) {
                    if (address[i] != 0) {
                        return null;
                    }
                }
                if (address[10] != (byte) 0xff || address[11] != (byte) 0xff) {
                    return null;
                }
                return new byte[] {address[12], address[13], address[14], address[15]};
            }
            if (address.length == 4 && length == 16) {
                byte[] v6 = new byte[16];
                v6[10] = (byte) 0xff;
                v6[11] = (byte) 0xff;
                System.arraycopy(address, 0, v6, 12, 4);
                return v6;
            }
            return null;
        }
    }
}
