package io.netauth.core.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * The key under which a client address is throttled. An IPv6 client is routinely given a whole /64 (RFC 6177
 * section 2; a home router hands out addresses from it freely), so one per address would give it 2^64 fresh
 * budgets: IPv6 addresses are grouped by their first {@code prefix} bits. An IPv4-mapped IPv6 address
 * ({@code ::ffff:192.0.2.1}, RFC 4291 section 2.5.5.2) is its IPv4 address. Only IP literals are read; anything else
 * is its own key, and nothing is ever resolved through DNS. Stateless and thread-safe.
 */
public final class AddressGroups {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private AddressGroups() {
    }

    /**
     * @param address    an IP literal as the server read it
     * @param ipv6Prefix how many leading bits of an IPv6 address name its client, 1 to 128
     */
    public static String throttleKey(String address, int ipv6Prefix) {
        // A host name has no ':', and only a dotted quad is taken as IPv4, so getByName parses and never looks up.
        boolean v6 = address.indexOf(':') >= 0;
        if (!v6 && !IPV4.matcher(address).matches()) {
            return address;
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException | SecurityException notALiteral) {
            return address;
        }
        if (bytes.length == 4) {
            return ipv4(bytes);
        }
        // InetAddress already turns an IPv4-mapped literal into an Inet4Address; this keeps the rule explicit.
        if (isIpv4Mapped(bytes)) {
            return ipv4(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        }
        byte[] network = bytes.clone();
        for (int bit = ipv6Prefix; bit < 128; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        StringBuilder key = new StringBuilder(48);
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                key.append(':');
            }
            key.append(Integer.toHexString(((network[i] & 0xff) << 8) | (network[i + 1] & 0xff)));
        }
        return key.append('/').append(ipv6Prefix).toString();
    }

    private static boolean isIpv4Mapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
    }

    private static String ipv4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
}
