package io.netauth.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AddressGroupsTest {

    @Test
    void ipv6IsGroupedByItsPrefixAndSpelledOneWay() {
        assertEquals("2001:db8:1:2:0:0:0:0/64", AddressGroups.throttleKey("2001:db8:1:2::1", 64));
        assertEquals("2001:db8:1:2:0:0:0:0/64", AddressGroups.throttleKey("2001:DB8:1:2:ffff:0:0:9", 64));
        assertEquals("2001:db8:1:0:0:0:0:0/48", AddressGroups.throttleKey("2001:db8:1:2::1", 48));
        assertEquals("2001:db8:1:2:0:0:0:8/125", AddressGroups.throttleKey("2001:db8:1:2::f", 125));
        assertEquals("2001:db8:0:0:0:0:0:1/128", AddressGroups.throttleKey("2001:db8::1", 128));
    }

    @Test
    void ipv4MappedIpv6IsItsIpv4Address() {
        // RFC 4291 section 2.5.5.2
        assertEquals("198.51.100.7", AddressGroups.throttleKey("::ffff:198.51.100.7", 64));
        assertEquals("198.51.100.7", AddressGroups.throttleKey("0:0:0:0:0:ffff:c633:6407", 64));
        assertEquals("198.51.100.7", AddressGroups.throttleKey("198.51.100.7", 64));
    }

    @Test
    void anythingButAnIpLiteralIsItsOwnKeyAndNeverLookedUp() {
        assertEquals("localhost", AddressGroups.throttleKey("localhost", 64));
        assertEquals("embedded", AddressGroups.throttleKey("embedded", 64));
        assertEquals("999.1.1.1", AddressGroups.throttleKey("999.1.1.1", 64));
        assertEquals("1:2:3", AddressGroups.throttleKey("1:2:3", 64));
    }
}
