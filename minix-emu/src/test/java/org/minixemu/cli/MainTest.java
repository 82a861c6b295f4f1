package org.minixemu.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class MainTest {

    /** What one run of the command printed and returned. */
    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.newCommandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int status = cmd.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void versionPrintsTheProjectVersion() {
        // Surefire passes the pom's version, so a stale or unfiltered resource fails here.
        String expected = System.getProperty("minixemu.expectedVersion");
        Run r = run("--version");
        assertEquals(0, r.status());
        assertEquals("minix-emu " + expected, r.out().strip());
        assertFalse(r.out().contains("${"), "version.properties was not filtered");
    }

    @Test
    void helpListsUsage() {
        Run r = run("--help");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Usage: minix-emu"), r.out());
        assertTrue(r.out().contains("--version"), r.out());
        assertTrue(r.out().contains("help"), "the help subcommand is listed: " + r.out());
    }

    @Test
    void unknownOptionIsOneLineAndExitsTwo() {
        Run r = run("--no-such-option");
        assertEquals(2, r.status());
        assertEquals("", r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line expected: " + err);
        assertTrue(err.startsWith("minix-emu: Unknown option: '--no-such-option'"), err);
        assertFalse(err.contains("Exception"), err);
    }

    @Test
    void noCommandShowsUsageAndExitsTwo() {
        Run r = run();
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("Usage: minix-emu"), r.err());
    }

    @Test
    void cpuTestOnMissingFolderIsOneLineNamingItAndExitsTwo() {
        Run r = run("cpu-test", "/no/such/conformance");
        assertEquals(2, r.status());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line expected: " + err);
        assertEquals("minix-emu cpu-test: /no/such/conformance: no such folder", err);
    }

    @Test
    void cpuTestOnMalformedFileNamesTheFileAndExitsTwo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("04.json.gz"), "not gzip");
        Run r = run("cpu-test", dir.toString());
        assertEquals(2, r.status());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line expected: " + err);
        assertTrue(err.startsWith("minix-emu cpu-test: " + dir.resolve("04.json.gz") + ": not a complete gzip file"), err);
    }
}
