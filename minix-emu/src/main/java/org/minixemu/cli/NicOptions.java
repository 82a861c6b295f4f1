package org.minixemu.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.minixemu.devices.PcMachine;
import org.minixemu.devices.net.MacAddress;
import org.minixemu.devices.net.NetSpec;
import org.minixemu.devices.net.NetworkBackend;
import org.minixemu.devices.net.PcapWriter;
import picocli.CommandLine.Option;

/**
 * The NE2000's options, shared by {@code run} and {@code boot} (a picocli mixin): {@code --net},
 * {@code --pcap}, {@code --mac}, {@code --nic-io} and {@code --nic-irq}. Both machines put the
 * card at the same defaults, 0x300 and IRQ 9, so a driver finds it in the same place.
 */
final class NicOptions {
    @Option(names = "--net", paramLabel = "none|udp:LISTEN_PORT:PEER_HOST:PEER_PORT", defaultValue = "none",
            description = "the NE2000's host side: none, or Ethernet frames in UDP datagrams (default: ${DEFAULT-VALUE})")
    String net;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write every frame in and out to a pcap capture")
    Path pcap;

    @Option(names = "--mac", paramLabel = "XX:XX:XX:XX:XX:XX",
            description = "the NE2000's station address (default: 52:54:00:12:34:56)")
    String mac;

    @Option(names = "--nic-io", paramLabel = "PORT", defaultValue = "0x300",
            description = "the NE2000's I/O base (default: ${DEFAULT-VALUE})")
    String nicIo;

    @Option(names = "--nic-irq", paramLabel = "IRQ", defaultValue = "9",
            description = "the NE2000's IRQ (default: ${DEFAULT-VALUE})")
    String nicIrq;

    /**
     * Checks the options and opens the back end and the capture.
     *
     * @throws IllegalArgumentException a bad value, as one line naming the option
     * @throws IOException the capture file cannot be written (the message names it)
     */
    PcMachine.Nic open() throws IOException {
        NetSpec spec = NetSpec.parse(net);
        int base = NetSpec.parseIoBase("--nic-io", nicIo);
        int irq = NetSpec.parseIrq("--nic-irq", nicIrq);
        MacAddress address = mac == null ? MacAddress.DEFAULT : MacAddress.parse(mac);
        NetworkBackend backend = spec.open();
        PcapWriter capture = null;
        if (pcap != null) {
            try {
                capture = PcapWriter.create(pcap);
            } catch (NoSuchFileException e) {
                backend.close();
                throw new IOException("--pcap " + pcap + ": cannot write it: its folder does not exist", e);
            } catch (AccessDeniedException e) {
                backend.close();
                throw new IOException("--pcap " + pcap + ": cannot write it: permission denied", e);
            } catch (IOException e) {
                backend.close();
                throw new IOException("--pcap " + pcap + ": cannot write it: " + e.getMessage(), e);
            }
        }
        return new PcMachine.Nic(backend, address, base, irq, capture);
    }

    /** Closes what {@link #open} opened, when the machine that would have closed it was never made. */
    static void closeQuietly(PcMachine.Nic nic) {
        if (nic == null) {
            return;
        }
        try {
            nic.backend().close();
        } catch (RuntimeException ignored) {
            // Nothing was sent; the message that matters is the one being reported.
        }
        if (nic.pcap() != null) {
            try {
                nic.pcap().close();
            } catch (RuntimeException ignored) {
                // As above.
            }
        }
    }

    /** How the banner describes the card. */
    static String describe(PcMachine.Nic nic, String net) {
        return String.format("NE2000 at 0x%X, IRQ %d, MAC %s, network %s%s", nic.ioBase(), nic.irq(), nic.mac(),
                net, nic.pcap() != null ? ", captured to a pcap file" : "");
    }
}
