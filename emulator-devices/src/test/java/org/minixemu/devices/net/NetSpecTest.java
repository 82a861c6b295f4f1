package org.minixemu.devices.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import org.junit.jupiter.api.Test;

/** Parsing --net, --mac, the I/O base and the IRQ, and the one-line errors for bad values. */
class NetSpecTest {
    private static String error(String value) {
        return assertThrows(NetSpecException.class, () -> NetSpec.parse(value)).getMessage();
    }

    @Test
    void parsesNoneAndUdp() {
        assertInstanceOf(NetSpec.None.class, NetSpec.parse("none"));
        assertEquals(new NetSpec.Udp(5555, "127.0.0.1", 5556), NetSpec.parse("udp:5555:127.0.0.1:5556"));
        assertEquals(new NetSpec.Udp(1, "localhost", 65535), NetSpec.parse("udp:1:localhost:65535"));
        assertEquals(new NetSpec.Udp(5555, "::1", 5556), NetSpec.parse("udp:5555:[::1]:5556"));
        assertEquals("udp:5555:[::1]:5556", NetSpec.parse("udp:5555:[::1]:5556").toString());
        assertEquals("udp:5555:127.0.0.1:5556", NetSpec.parse("udp:5555:127.0.0.1:5556").toString());
    }

    @Test
    void malformedValuesGiveOneLineNamingValueAndProblem() {
        assertEquals("--net 'tap0': unknown back end 'tap0'; expected none or udp:LISTEN_PORT:PEER_HOST:PEER_PORT",
                error("tap0"));
        assertEquals("--net 'user:x': unknown back end 'user'; expected none or udp:LISTEN_PORT:PEER_HOST:PEER_PORT",
                error("user:x"));
        assertEquals("--net 'udp:5555': the peer host and port are missing; expected udp:LISTEN_PORT:PEER_HOST:PEER_PORT",
                error("udp:5555"));
        assertEquals("--net 'udp:5555:127.0.0.1': the peer port is missing; expected udp:LISTEN_PORT:PEER_HOST:PEER_PORT",
                error("udp:5555:127.0.0.1"));
        assertEquals("--net 'udp:5555::5556': the peer host is missing; expected udp:LISTEN_PORT:PEER_HOST:PEER_PORT",
                error("udp:5555::5556"));
        assertEquals("--net 'udp::127.0.0.1:5556': the listen port is missing; expected udp:LISTEN_PORT:PEER_HOST:PEER_PORT",
                error("udp::127.0.0.1:5556"));
        assertEquals("--net 'udp:5555:127.0.0.1:': the peer port is missing; expected udp:LISTEN_PORT:PEER_HOST:PEER_PORT",
                error("udp:5555:127.0.0.1:"));
        assertEquals("--net 'udp:70000:127.0.0.1:5556': the listen port '70000' is not a number from 1 to 65535",
                error("udp:70000:127.0.0.1:5556"));
        assertEquals("--net 'udp:0:127.0.0.1:5556': the listen port '0' is not a number from 1 to 65535",
                error("udp:0:127.0.0.1:5556"));
        assertEquals("--net 'udp:5555:127.0.0.1:x': the peer port 'x' is not a number from 1 to 65535",
                error("udp:5555:127.0.0.1:x"));
        assertEquals("--net 'udp:-1:127.0.0.1:5556': the listen port '-1' is not a number from 1 to 65535",
                error("udp:-1:127.0.0.1:5556"));
        assertEquals("--net 'udp:5555:bad host:5556': 'bad host' is not a host name or address",
                error("udp:5555:bad host:5556"));
        assertEquals("--net 'udp:5555:::1:5556': an IPv6 peer host goes in brackets, as in udp:5555:[::1]:5556;"
                + " expected udp:LISTEN_PORT:PEER_HOST:PEER_PORT", error("udp:5555:::1:5556"));
        assertEquals("--net 'udp:5555:[::1:5556': the '[' before the peer host has no ']';"
                + " expected udp:LISTEN_PORT:PEER_HOST:PEER_PORT", error("udp:5555:[::1:5556"));
        assertEquals("--net '': unknown back end ''; expected none or udp:LISTEN_PORT:PEER_HOST:PEER_PORT", error(""));
        for (String bad : new String[] {"tap0", "udp:5555", "udp:70000:127.0.0.1:5556", "udp:5555:[::1:5556"}) {
            assertTrue(error(bad).indexOf('\n') < 0);
            assertInstanceOf(IllegalArgumentException.class, assertThrows(NetSpecException.class, () -> NetSpec.parse(bad)));
        }
    }

    @Test
    void aPortInUseIsReportedWhenOpening() throws IOException {
        try (DatagramChannel taken = DatagramChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            NetSpec spec = NetSpec.parse("udp:" + port + ":127.0.0.1:9");
            String message = assertThrows(NetSpecException.class, spec::open).getMessage();
            assertTrue(message.startsWith("--net 'udp:" + port + ":127.0.0.1:9': cannot listen on UDP port " + port + ": "),
                    message);
        }
    }

    @Test
    void macAddresses() {
        assertEquals("52:54:00:12:34:56", MacAddress.DEFAULT.toString());
        assertEquals(MacAddress.of(0x02, 0, 0, 0xAB, 0xCD, 0xEF), MacAddress.parse("02-00-00-ab-cd-ef"));
        assertEquals("--mac '52:54:00:12:34': expected six hex octets like 52:54:00:12:34:56",
                assertThrows(NetSpecException.class, () -> MacAddress.parse("52:54:00:12:34")).getMessage());
        assertEquals("--mac '52:54:00:12:34:5g': '5g' is not a two-digit hex octet",
                assertThrows(NetSpecException.class, () -> MacAddress.parse("52:54:00:12:34:5g")).getMessage());
        assertEquals("--mac '01:00:5e:00:00:01': a multicast address; a card's own address needs the low bit of the"
                + " first octet clear",
                assertThrows(NetSpecException.class, () -> MacAddress.parse("01:00:5e:00:00:01")).getMessage());
    }

    @Test
    void ioBaseAndIrq() {
        assertEquals(0x300, NetSpec.parseIoBase("--nic-io", "0x300"));
        assertEquals(0x280, NetSpec.parseIoBase("--nic-io", "280h"));
        assertEquals(0x320, NetSpec.parseIoBase("--nic-io", "800"));
        assertEquals("--nic-io '0x310': the card's 32 ports need a base that is a multiple of 0x20 from 0x200 to 0x3E0",
                assertThrows(NetSpecException.class, () -> NetSpec.parseIoBase("--nic-io", "0x310")).getMessage());
        assertEquals("--nic-io 'zz': not a port number (write hex as 0x300)",
                assertThrows(NetSpecException.class, () -> NetSpec.parseIoBase("--nic-io", "zz")).getMessage());
        assertEquals(9, NetSpec.parseIrq("--nic-irq", "9"));
        assertEquals(15, NetSpec.parseIrq("--nic-irq", "15"));
        assertEquals("--nic-irq '2': the NE2000 can use IRQ 3, 4, 5, 9, 10, 11, 12 or 15",
                assertThrows(NetSpecException.class, () -> NetSpec.parseIrq("--nic-irq", "2")).getMessage());
        assertThrows(NetSpecException.class, () -> NetSpec.parseIrq("--nic-irq", "x"));
    }
}
