package dev.trellis.rule.trigger.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Which addresses a webhook may call when private addresses are not allowed: public unicast only. The
 * host is resolved and every address it resolves to is checked, so a public name pointing at 127.0.0.1
 * is refused like the literal. (The HTTP client resolves again when it connects; a name whose answer
 * changes in between can still slip through. Where that matters, send webhooks through an egress proxy.)
 */
final class AddressPolicy {

    private AddressPolicy() {
    }

    /** Why the host may not be called, or empty when every address it resolves to is public. */
    static Optional<String> refusal(String host) throws UnknownHostException {
        for (InetAddress address : InetAddress.getAllByName(host)) {
            Optional<String> why = refusal(address);
            if (why.isPresent()) {
                return Optional.of(host + " resolves to " + address.getHostAddress() + ", " + why.get());
            }
        }
        return Optional.empty();
    }

    /** Why an address is not public, or empty when it is. */
    static Optional<String> refusal(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address (cloud metadata services live there)");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("a multicast address");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4(b);
        }
        if (address instanceof Inet6Address six) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("a unique-local IPv6 address");
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return Optional.of("a documentation address");
            }
            // IPv4 carried inside IPv6 (compatible ::a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) is the IPv4 address
            byte[] embedded = null;
            if (six.isIPv4CompatibleAddress() || isNat64(b)) {
                embedded = new byte[] {b[12], b[13], b[14], b[15]};
            } else if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                embedded = new byte[] {b[2], b[3], b[4], b[5]};
            }
            if (embedded != null) {
                try {
                    return refusal(InetAddress.getByAddress(embedded)).map(why -> "an IPv6 form of " + why);
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e); // four bytes are always an address
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isNat64(byte[] b) {
        if ((b[0] & 0xff) != 0x00 || (b[1] & 0xff) != 0x64 || (b[2] & 0xff) != 0xff || (b[3] & 0xff) != 0x9b) {
            return false;
        }
        for (int i = 4; i < 12; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> ipv4(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        int third = b[2] & 0xff;
        if (first == 0) {
            return Optional.of("in 0.0.0.0/8, which means this host");
        }
        if (first == 100 && second >= 64 && second <= 127) {
            return Optional.of("a carrier-grade NAT address");
        }
        if (first == 192 && second == 0 && (third == 0 || third == 2)
                || first == 198 && (second == 18 || second == 19)
                || first == 198 && second == 51 && third == 100
                || first == 203 && second == 0 && third == 113) {
            return Optional.of("a reserved address");
        }
        if (first >= 240) {
            return Optional.of("a reserved or broadcast address");
        }
        return Optional.empty();
    }
}
