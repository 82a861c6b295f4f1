package org.minixemu.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.minixemu.image.ProcessSpec.Ipc;
import org.minixemu.image.ProcessSpec.IoRange;
import org.minixemu.image.ProcessSpec.KernelCalls;
import org.minixemu.image.ProcessSpec.Type;

/** The boot.cfg grammar of docs/boot-image.md: values, defaults, and every error with its line. */
class BootConfigTest {

    private static BootConfig parse(String... lines) {
        return BootConfig.parse("boot.cfg", String.join("\n", lines) + "\n");
    }

    /** The message of the error the lines give. */
    private static String error(String... lines) {
        return assertThrows(BootConfigException.class, () -> parse(lines)).getMessage();
    }

    /** A whole process block around {@code keys}, starting on line 1. */
    private static String[] block(String... keys) {
        String[] lines = new String[keys.length + 3];
        lines[0] = "process pong {";
        lines[1] = "    program pong.elf";
        System.arraycopy(keys, 0, lines, 2, keys.length);
        lines[keys.length + 2] = "}";
        return lines;
    }

    // ---- what a good file gives ----

    @Test
    void theDocumentedExampleParsesToEveryValue() {
        BootConfig c = parse(
                "# boot.cfg -- a comment",
                "",
                "hz 100                      # ticks",
                "process pong {",
                "    program pong.elf",
                "    type system",
                "    args 10000 fast",
                "    ipc ping SYSTEM",
                "    system SYSCTL ABORT",
                "    io 3f8:8 60",
                "    irq 4 12",
                "    sigmgr SELF",
                "    priority 4",
                "    quantum 500",
                "}",
                "process ping {",
                "\tprogram ping.elf",
                "\ttype user  ",
                "}");
        assertEquals(100, c.hz());
        assertEquals(3, c.hzLine());
        assertEquals(2, c.processes().size());
        ProcessSpec pong = c.processes().get(0);
        assertEquals(0, pong.slot());
        assertEquals("pong", pong.label());
        assertEquals(4, pong.line());
        assertEquals("pong.elf", pong.program());
        assertEquals(Type.SYSTEM, pong.type());
        assertEquals(List.of("10000", "fast"), pong.args());
        assertEquals(List.of("pong", "10000", "fast"), pong.argv());
        assertEquals(new Ipc(Ipc.Scope.LISTED, List.of("ping", "SYSTEM")), pong.ipc());
        assertEquals(new KernelCalls(false, false, List.of("SYSCTL", "ABORT")), pong.system());
        assertEquals(List.of(new IoRange(0x3f8, 8), new IoRange(0x60, 1)), pong.io().ranges());
        assertFalse(pong.io().all());
        assertEquals(List.of(4, 12), pong.irq().lines());
        assertEquals(ProcessSpec.SELF, pong.sigmgr());
        assertEquals(4, pong.priority());
        assertEquals(500, pong.quantumMs());
        assertEquals(9, pong.line("system"));
        assertEquals(14, pong.line("quantum"));
        assertTrue(pong.has("quantum"));
        assertEquals(1, c.processes().get(1).slot());
    }

    @Test
    void twoStatementsOnOneLineAreOneKeyWithTooManyValues() {
        // "program ping.elf type user" on one line is 'program' with four words.
        assertEquals("boot.cfg:2: 'program' takes one value, got 3: 'ping.elf type user'",
                error("process ping {", "\tprogram ping.elf\ttype user", "}"));
    }

    @Test
    void defaultsOfASystemProcess() {
        ProcessSpec p = parse(block()).processes().get(0);
        assertEquals(Type.SYSTEM, p.type());
        assertEquals(List.of(), p.args());
        assertEquals(Ipc.ALL_SYS, p.ipc());
        assertEquals(KernelCalls.BASIC, p.system());
        assertEquals(ProcessSpec.IoPorts.NONE, p.io());
        assertEquals(ProcessSpec.Irqs.NONE, p.irq());
        assertNull(p.sigmgr());
        assertEquals(4, p.priority());
        assertEquals(500, p.quantumMs());
        assertFalse(p.has("priority"));
        assertEquals(1, p.line("priority"), "an absent key points at the process line");
        assertEquals(60, parse(block()).hz());
        assertEquals(0, parse(block()).hzLine());
    }

    @Test
    void defaultsOfAUserProcessDependOnTypeEvenWhenTypeComesLast() {
        ProcessSpec p = parse(block("    priority 2", "    type user")).processes().get(0);
        assertEquals(Type.USER, p.type());
        assertEquals(KernelCalls.NONE, p.system());
        assertTrue(p.system().none());
        assertEquals(2, p.priority());
        assertEquals(200, p.quantumMs());
        assertEquals(7, parse(block("    type user")).processes().get(0).priority());
    }

    @Test
    void keywordValuesAreKeptApartFromLists() {
        ProcessSpec p = parse(block("    ipc ALL", "    system ALL", "    io ALL", "    irq ALL")).processes().get(0);
        assertEquals(Ipc.Scope.ALL, p.ipc().scope());
        assertTrue(p.system().all());
        assertTrue(p.io().all());
        assertTrue(p.irq().all());
        ProcessSpec q = parse(block("    ipc NONE", "    system NONE", "    io NONE", "    irq NONE")).processes().get(0);
        assertEquals(Ipc.Scope.NONE, q.ipc().scope());
        assertTrue(q.system().none());
        assertEquals(ProcessSpec.IoPorts.NONE, q.io());
        assertEquals(ProcessSpec.Irqs.NONE, q.irq());
        assertEquals(Ipc.Scope.ALL_SYS, parse(block("    ipc ALL_SYS")).processes().get(0).ipc().scope());
    }

    @Test
    void basicMayBeCombinedWithKernelCallNames() {
        KernelCalls k = parse(block("    system BASIC IRQCTL DEVIO")).processes().get(0).system();
        assertEquals(new KernelCalls(false, true, List.of("IRQCTL", "DEVIO")), k);
    }

    @Test
    void kernelCallNamesAreNotCheckedButKeepTheirLine() {
        BootConfig c = parse(block("    system NO_SUCH_CALL"));
        ProcessSpec p = c.processes().get(0);
        assertEquals(List.of("NO_SUCH_CALL"), p.system().names());
        assertEquals("boot.cfg:3: unknown kernel call 'NO_SUCH_CALL'",
                c.problem(p.line("system"), "unknown kernel call 'NO_SUCH_CALL'").getMessage());
    }

    @Test
    void ipcAndSigmgrMayNameLabelsDefinedLater() {
        BootConfig c = parse("process a {", "program a.elf", "ipc b CLOCK HARDWARE", "sigmgr b", "}",
                "process b {", "program b.elf", "}");
        assertEquals("b", c.processes().get(0).sigmgr());
        assertEquals(List.of("b", "CLOCK", "HARDWARE"), c.processes().get(0).ipc().targets());
        assertEquals("b", c.process("b").orElseThrow().label());
    }

    @Test
    void ioRangesAcceptUpperCaseHexAndTheLastPort() {
        ProcessSpec p = parse(block("    io 3F8:8 ffff fff0:10")).processes().get(0);
        assertEquals(List.of(new IoRange(0x3f8, 8), new IoRange(0xffff, 1), new IoRange(0xfff0, 0x10)),
                p.io().ranges());
    }

    @Test
    void windowsLineEndsAndAMissingFinalNewlineAreAccepted() {
        BootConfig c = BootConfig.parse("boot.cfg", "process a {\r\nprogram a.elf\r\n}");
        assertEquals("a.elf", c.processes().get(0).program());
    }

    @Test
    void labelsMayBeSixteenCharactersWithDigitsDashesAndUnderscores() {
        assertEquals("a234567890_-abcd",
                parse("process a234567890_-abcd {", "program x", "}").processes().get(0).label());
    }

    @Test
    void bytesMayHoldUtf8InComments() {
        BootConfig c = BootConfig.parse("boot.cfg",
                "# caf\u00e9\nprocess a { # \u00fc\nprogram a.elf\n}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1, c.processes().size());
    }

    // ---- structure errors ----

    @Test
    void bootCfgWithRepeatedKeyNamesBothLines() {
        assertEquals("boot.cfg:4: 'priority' is given twice in process 'pong' (first on line 3)",
                error(block("    priority 4", "    priority 5")));
    }

    @Test
    void hzGivenTwiceNamesBothLines() {
        assertEquals("boot.cfg:3: 'hz' is given twice (first on line 1)", error("hz 60", "", "hz 50"));
    }

    @Test
    void hzAfterTheFirstProcessIsAnError() {
        String[] lines = {"process a {", "program a.elf", "}", "hz 100"};
        assertEquals("boot.cfg:4: 'hz' must come before the first process (line 1)", error(lines));
    }

    @Test
    void hzInsideAProcessIsAnError() {
        assertEquals("boot.cfg:3: 'hz' goes before the first process, not inside process 'pong'",
                error(block("hz 60")));
    }

    @Test
    void memoryRangesAreHexBaseAndLength() {
        ProcessSpec p = parse(block("    mem a0000:20000 100000:1000")).processes().get(0);
        assertEquals(List.of(new ProcessSpec.MemRange(0xA0000, 0x20000), new ProcessSpec.MemRange(0x100000, 0x1000)),
                p.mem());
        assertEquals(List.of(), parse(block("    mem NONE")).processes().get(0).mem());
    }

    @Test
    void aMemoryRangeWithoutLengthOrPastFourGibIsAnError() {
        assertEquals("boot.cfg:3: 'mem' range 'a0000' is not hex BASE:LENGTH (e.g. a0000:20000), nor NONE",
                error(block("    mem a0000")));
        assertEquals("boot.cfg:3: 'mem' range 'ffffffff:2' is empty or ends past 4 GiB",
                error(block("    mem ffffffff:2")));
    }

    @Test
    void unknownKeyNamesTheKeyAndTheProcess() {
        assertEquals("boot.cfg:3: unknown key 'prio' in process 'pong', expected one of program, type, args, ipc,"
                + " system, io, irq, mem, sigmgr, priority, quantum", error(block("    prio 4")));
    }

    @Test
    void unknownTopLevelStatement() {
        assertEquals("boot.cfg:2: unknown statement 'service', expected 'hz N' or 'process LABEL {'",
                error("# a comment", "service pong {"));
    }

    @Test
    void aKeyOutsideAProcess() {
        assertEquals("boot.cfg:1: 'program' outside a process; expected it inside 'process LABEL { ... }'",
                error("program a.elf"));
    }

    @Test
    void missingOpeningBrace() {
        assertEquals("boot.cfg:1: missing '{' after 'process pong', expected 'process pong {'",
                error("process pong", "{", "program pong.elf", "}"));
    }

    @Test
    void braceGluedToTheLabel() {
        assertEquals("boot.cfg:1: expected a space between the label and '{', got 'pong{'",
                error("process pong{", "program pong.elf", "}"));
    }

    @Test
    void somethingOtherThanABraceAfterTheLabel() {
        assertEquals("boot.cfg:1: expected '{' after 'process pong', got '('", error("process pong (", "}"));
    }

    @Test
    void textAfterTheOpeningBrace() {
        assertEquals("boot.cfg:1: unexpected 'program' after '{': one statement per line",
                error("process pong { program pong.elf", "}"));
    }

    @Test
    void textAfterTheClosingBrace() {
        assertEquals("boot.cfg:3: unexpected 'process' after '}': one statement per line",
                error("process a {", "program a.elf", "} process b {", "}"));
    }

    @Test
    void processWithoutALabel() {
        assertEquals("boot.cfg:1: 'process' needs a label and '{', expected 'process LABEL {'", error("process"));
    }

    @Test
    void closingBraceWithoutAProcess() {
        assertEquals("boot.cfg:4: '}' without a process to close", error("process a {", "program a.elf", "}", "}"));
    }

    @Test
    void processWithoutClosingBraceAtEndOfFileIsReportedAtTheProcessLine() {
        assertEquals("boot.cfg:2: process 'a' has no closing '}' (the file ends first)",
                error("", "process a {", "program a.elf", "priority 3"));
    }

    @Test
    void processOpenedInsideAnother() {
        assertEquals("boot.cfg:3: process 'a' (line 1) is not closed, expected '}' before the next 'process'",
                error("process a {", "program a.elf", "process b {", "program b.elf", "}"));
    }

    @Test
    void missingProgramIsReportedAtTheProcessLine() {
        assertEquals("boot.cfg:2: process 'pong' has no 'program', expected e.g. 'program pong.elf'",
                error("hz 60", "process pong {", "    priority 3", "}"));
    }

    @Test
    void duplicateLabelNamesTheFirstLine() {
        assertEquals("boot.cfg:4: label 'a' is already used by the process on line 1",
                error("process a {", "program a.elf", "}", "process a {", "program b.elf", "}"));
    }

    @Test
    void badLabels() {
        String expected = "is not [a-z][a-z0-9_-]{0,15} (a lower-case letter, then at most 15 lower-case letters,"
                + " digits, '_' or '-')";
        assertEquals("boot.cfg:1: label 'Pong' " + expected, error("process Pong {", "program p", "}"));
        assertEquals("boot.cfg:1: label '1pong' " + expected, error("process 1pong {", "program p", "}"));
        assertEquals("boot.cfg:1: label 'a2345678901234567' " + expected,
                error("process a2345678901234567 {", "program p", "}"));
    }

    @Test
    void anEmptyFileHasNoProcess() {
        BootConfigException e = assertThrows(BootConfigException.class,
                () -> BootConfig.parse("boot.cfg", "# nothing\n\nhz 60\n"));
        assertEquals("boot.cfg: no process: expected at least one 'process LABEL { ... }' block", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void aKeyWithoutValue() {
        assertEquals("boot.cfg:3: 'ipc' needs a value", error(block("    ipc")));
        assertEquals("boot.cfg:1: 'hz' needs a value, expected e.g. 'hz 60'", error("hz"));
    }

    @Test
    void controlCharactersAndNonAsciiOutsideCommentsAreErrors() {
        assertEquals("boot.cfg:2: character U+00E9 at column 12: statements are printable ASCII (anything may"
                + " follow '#')", error("process a {", "program caf\u00e9.elf", "}"));
        assertEquals("boot.cfg:1: character U+0000 at column 3: statements are printable ASCII (anything may"
                + " follow '#')", error("hz\0 60"));
    }

    @Test
    void exceptionCarriesFileLineAndProblem() {
        BootConfigException e = assertThrows(BootConfigException.class, () -> parse(block("    quantum 0")));
        assertEquals("boot.cfg", e.file());
        assertEquals(3, e.line());
        assertEquals("'quantum' must be 1..60000, got 0", e.problem());
    }

    // ---- value errors ----

    @Test
    void numbersOutOfRange() {
        assertEquals("boot.cfg:3: 'priority' must be 0..15, got 20", error(block("    priority 20")));
        assertEquals("boot.cfg:3: 'quantum' must be 1..60000, got 60001", error(block("    quantum 60001")));
        assertEquals("boot.cfg:1: 'hz' must be 1..1000, got 0", error("hz 0"));
        assertEquals("boot.cfg:1: 'hz' must be 1..1000, got 1001", error("hz 1001"));
        assertEquals("boot.cfg:3: 'irq' must be 0..15, got 16", error(block("    irq 4 16")));
    }

    @Test
    void numbersThatAreNotNumbers() {
        assertEquals("boot.cfg:3: 'priority' must be a number 0..15, got 'high'", error(block("    priority high")));
        assertEquals("boot.cfg:3: 'priority' must be a number 0..15, got '-1'", error(block("    priority -1")));
        assertEquals("boot.cfg:3: 'quantum' must be a number 1..60000, got '99999999999'",
                error(block("    quantum 99999999999")));
        assertEquals("boot.cfg:1: 'hz' must be a number 1..1000, got '0x3c'", error("hz 0x3c"));
    }

    @Test
    void oneValueKeysRefuseTwo() {
        assertEquals("boot.cfg:3: 'priority' takes one value, got 2: '4 5'", error(block("    priority 4 5")));
        assertEquals("boot.cfg:1: 'hz' takes one value, got 2: '60 70'", error("hz 60 70"));
    }

    @Test
    void typeMustBeSystemOrUser() {
        assertEquals("boot.cfg:3: 'type' must be system or user, got 'driver'", error(block("    type driver")));
    }

    @Test
    void programWithSlashIsRefused() {
        assertEquals("boot.cfg:2: 'program' must be a file name in the boot partition, without '/', got"
                + " 'bin/pong.elf'", error("process pong {", "program bin/pong.elf", "}"));
    }

    @Test
    void programCannotBeTheConfigItself() {
        assertEquals("boot.cfg:2: 'program' cannot be boot.cfg, the configuration itself",
                error("process pong {", "program boot.cfg", "}"));
    }

    @Test
    void keywordListsThatMixAllOrNoneWithNames() {
        assertEquals("boot.cfg:3: 'ipc ALL' stands alone, it cannot be mixed with other values; got 'ping ALL'",
                error(block("    ipc ping ALL")));
        assertEquals("boot.cfg:3: 'ipc ALL_SYS' stands alone, it cannot be mixed with other values; got"
                + " 'ALL_SYS SYSTEM'", error(block("    ipc ALL_SYS SYSTEM")));
        assertEquals("boot.cfg:3: 'system NONE' stands alone, it cannot be mixed with other values; got"
                + " 'NONE SYSCTL'", error(block("    system NONE SYSCTL")));
        assertEquals("boot.cfg:3: 'system ALL' stands alone, it cannot be mixed with other values; got"
                + " 'BASIC ALL'", error(block("    system BASIC ALL")));
        assertEquals("boot.cfg:3: 'io ALL' stands alone, it cannot be mixed with other values; got '3f8:8 ALL'",
                error(block("    io 3f8:8 ALL")));
        assertEquals("boot.cfg:3: 'irq NONE' stands alone, it cannot be mixed with other values; got 'NONE 4'",
                error(block("    irq NONE 4")));
    }

    @Test
    void ipcTargetsMustBeLabelsOrKernelTasks() {
        assertEquals("boot.cfg:3: 'ipc' target 'USER' is neither a process label nor SYSTEM, CLOCK or HARDWARE"
                + " (or, alone, ALL, ALL_SYS or NONE)", error(block("    ipc USER")));
    }

    @Test
    void ipcNamingAnUndefinedLabelIsReportedAtTheIpcLine() {
        assertEquals("boot.cfg:4: 'ipc' names 'pnig', which is not the label of a process in this file",
                error("process pong {", "program pong.elf", "priority 3", "ipc SYSTEM pnig", "}",
                        "process ping {", "program ping.elf", "}"));
    }

    @Test
    void sigmgrNamingAnUndefinedLabelIsReportedAtItsLine() {
        assertEquals("boot.cfg:3: 'sigmgr' names 'rs', which is not the label of a process in this file (nor SELF)",
                error(block("    sigmgr rs")));
        assertEquals("boot.cfg:3: 'sigmgr' must be SELF or a process label, got 'self!'", error(block("    sigmgr self!")));
    }

    @Test
    void repeatedNamesInAList() {
        assertEquals("boot.cfg:3: 'ipc' names 'SYSTEM' twice", error(block("    ipc SYSTEM CLOCK SYSTEM")));
        assertEquals("boot.cfg:3: 'irq' names '4' twice", error(block("    irq 4 4")));
        assertEquals("boot.cfg:3: 'system' names 'SYSCTL' twice", error(block("    system SYSCTL SYSCTL")));
    }

    @Test
    void kernelCallNamesWithThePrefixOrInLowerCase() {
        assertEquals("boot.cfg:3: 'system' names kernel calls without the SYS_ prefix: 'SYSCTL', not 'SYS_SYSCTL'",
                error(block("    system SYS_SYSCTL")));
        assertEquals("boot.cfg:3: 'system' value 'sysctl' is not a kernel-call name (upper case, e.g."
                + " SAFECOPYFROM) nor ALL, NONE or BASIC", error(block("    system sysctl")));
    }

    @Test
    void ioRangeErrors() {
        assertEquals("boot.cfg:3: 'io' range '3g8' is not hex BASE[:LENGTH] (e.g. 3f8:8), nor ALL or NONE",
                error(block("    io 3g8")));
        assertEquals("boot.cfg:3: 'io' range '0x3f8' is not hex BASE[:LENGTH] (e.g. 3f8:8), nor ALL or NONE",
                error(block("    io 0x3f8")));
        assertEquals("boot.cfg:3: 'io' range '3f8:' is not hex BASE[:LENGTH] (e.g. 3f8:8), nor ALL or NONE",
                error(block("    io 3f8:")));
        assertEquals("boot.cfg:3: 'io' range '3f8:0' has length 0, expected 1 or more", error(block("    io 3f8:0")));
        assertEquals("boot.cfg:3: 'io' range 'fff0:11' ends past port ffff (base + length must be at most 10000)",
                error(block("    io fff0:11")));
        assertEquals("boot.cfg:3: 'io' range '10000' ends past port ffff (base + length must be at most 10000)",
                error(block("    io 10000")));
    }

    @Test
    void theFirstErrorInTheFileIsTheOneReported() {
        assertEquals("boot.cfg:3: 'priority' must be 0..15, got 99",
                error("process a {", "program a.elf", "priority 99", "bogus 1", "}"));
    }
}
