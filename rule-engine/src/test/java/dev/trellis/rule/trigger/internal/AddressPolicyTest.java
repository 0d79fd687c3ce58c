package dev.trellis.rule.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Only public unicast addresses pass when private addresses are not allowed (SSRF). */
class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "::1", "0.0.0.0", "::", "10.1.2.3", "172.16.0.1", "172.31.255.255",
            "192.168.1.1", "169.254.169.254", "fe80::1", "fc00::1", "fd12:3456::1", "100.64.0.1", "224.0.0.1",
            "255.255.255.255", "198.18.0.1", "192.0.2.1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a00:1",
            "2002:a00:1::1", "0.1.2.3", "2001:db8::1"})
    void nonPublicAddressesAreRefused(String literal) throws UnknownHostException {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(literal))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:21f:cb07::1",
            "64:ff9b::808:808", "2002:808:808::1"})
    void publicAddressesPass(String literal) throws UnknownHostException {
        assertThat(AddressPolicy.refusal(InetAddress.getByName(literal))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "127.0.0.1"})
    void aNameIsJudgedByWhatItResolvesTo(String host) throws UnknownHostException {
        assertThat(AddressPolicy.refusal(host)).get().asString().contains("loopback");
    }
}
