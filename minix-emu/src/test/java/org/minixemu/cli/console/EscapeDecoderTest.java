package org.minixemu.cli.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes in, guest bytes and commands out, as QEMU's Ctrl-A prefix. */
class EscapeDecoderTest {
    /** Decodes {@code input}: guest bytes as themselves, commands as [NAME]. */
    private static String decode(String input) {
        EscapeDecoder d = new EscapeDecoder();
        List<String> out = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (char ch : input.toCharArray()) {
            d.feed(ch, new EscapeDecoder.Sink() {
                @Override
                public void data(int b) {
                    text.append((char) b);
                }

                @Override
                public void command(EscapeDecoder.Command c) {
                    text.append('[').append(c).append(']');
                }
            });
        }
        return text.toString();
    }

    @Test
    void plainBytesPassThrough() {
        assertEquals("ls -l\r", decode("ls -l\r"));
        assertEquals("\u0003\u0000\u00ff", decode("\u0003\u0000\u00ff"));
    }

    @Test
    void ctrlAcTogglesCtrlAxQuitsCtrlAhHelps() {
        assertEquals("a[TOGGLE]b", decode("a\u0001cb"));
        assertEquals("[QUIT]", decode("\u0001x"));
        assertEquals("[HELP][HELP]", decode("\u0001h\u0001?"));
        assertEquals("[TOGGLE][TOGGLE]", decode("\u0001c\u0001C"));
    }

    @Test
    void ctrlACtrlAIsOneLiteralCtrlA() {
        assertEquals("\u0001", decode("\u0001\u0001"));
        assertEquals("\u0001c", decode("\u0001\u0001c"), "the literal does not start a sequence");
        assertEquals("\u0001\u0001", decode("\u0001\u0001\u0001\u0001"));
    }

    @Test
    void anUnknownSequenceIsDroppedWholeAndALoneTrailingPrefixWaits() {
        assertEquals("ab", decode("a\u0001zb"));
        assertEquals("a", decode("a\u0001"));
    }
}
