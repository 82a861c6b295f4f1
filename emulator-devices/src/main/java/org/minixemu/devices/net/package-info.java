/**
 * The network: an NE2000 ISA card ({@link org.minixemu.devices.net.Ne2000}, a DP8390D controller
 * whose registers are named in {@link org.minixemu.devices.net.Dp8390}) and its host back ends
 * behind {@link org.minixemu.devices.net.NetworkBackend}: {@code none}, {@code udp} (one datagram
 * per frame between two emulators) and a pcap capture of both directions
 * ({@link org.minixemu.devices.net.CapturingBackend}, {@link org.minixemu.devices.net.PcapWriter}).
 * {@link org.minixemu.devices.net.NetSpec} parses the command-line values.
 *
 * <p>Time is guest time only: a transmission completes after its wire time on the virtual clock,
 * and host frames enter at slice boundaries, when the machine calls
 * {@link org.minixemu.devices.net.Ne2000#pollHost}.
 */
package org.minixemu.devices.net;
