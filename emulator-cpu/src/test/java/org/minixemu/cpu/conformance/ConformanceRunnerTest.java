package org.minixemu.cpu.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner on small hand-made files: passing, failing and unusable input. */
class ConformanceRunnerTest {
    @TempDir
    Path dir;

    /** ADD AL,1Ah with AL=F8: the README's worked example. */
    private static final String ADD_AL = "{\"idx\":0,\"name\":\"add al,1Ah\",\"bytes\":[4,26,244],"
            + "\"initial\":{\"regs\":{\"ax\":32248,\"bx\":2883,\"cx\":10627,\"dx\":320,\"cs\":23891,\"ss\":7572,"
            + "\"ds\":7854,\"es\":38380,\"sp\":48992,\"bp\":35106,\"si\":50837,\"di\":48804,\"ip\":9512,"
            + "\"flags\":46167},\"ram\":[[391768,4],[391769,26],[391770,244]]},"
            + "\"final\":{\"regs\":{\"ax\":%d,\"ip\":9515,\"flags\":1047},\"ram\":[]},\"hash\":\"e4b7\"}";

    private void writeGzip(String name, String text) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(name)))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void readmeWorkedExamplePasses() throws Exception {
        writeGzip("04.json.gz", "[\n" + String.format(ADD_AL, 32018) + "\n]\n");
        ConformanceRunner.FileResult r = ConformanceRunner.open(dir).runFile(dir.resolve("04.json.gz"), 3);
        assertEquals(1, r.passed(), r.failures().toString());
        assertEquals(0, r.failed());
    }

    @Test
    void wrongExpectationIsReportedWithTheRegisterThatDiffers() throws Exception {
        writeGzip("04.json.gz", "[" + String.format(ADD_AL, 32019) + "]");
        ConformanceRunner.FileResult r = ConformanceRunner.open(dir).runFile(dir.resolve("04.json.gz"), 3);
        assertEquals(1, r.failed());
        assertTrue(r.failures().get(0).differences().contains("ax expected 7D13 got 7D12"),
                r.failures().toString());
    }

    @Test
    void missingFolderIsNamed() {
        ConformanceException e = assertThrows(ConformanceException.class,
                () -> ConformanceRunner.open(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("absent") && e.getMessage().contains("no such folder"), e.getMessage());
    }

    @Test
    void folderWithoutTestFilesIsRefused() {
        ConformanceException e = assertThrows(ConformanceException.class, () -> ConformanceRunner.open(dir));
        assertTrue(e.getMessage().contains("no test files"), e.getMessage());
    }

    @Test
    void fileThatIsNotGzipNamesTheFile() throws Exception {
        Files.writeString(dir.resolve("05.json.gz"), "plain text");
        ConformanceRunner runner = ConformanceRunner.open(dir);
        ConformanceException e = assertThrows(ConformanceException.class,
                () -> runner.runFile(dir.resolve("05.json.gz"), 3));
        assertTrue(e.getMessage().contains("05.json.gz") && e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void malformedJsonNamesTheFileAndPosition() throws Exception {
        writeGzip("06.json.gz", "[{\"idx\":0,]");
        ConformanceRunner runner = ConformanceRunner.open(dir);
        ConformanceException e = assertThrows(ConformanceException.class,
                () -> runner.runFile(dir.resolve("06.json.gz"), 3));
        assertTrue(e.getMessage().contains("06.json.gz") && e.getMessage().contains("malformed JSON")
                && e.getMessage().contains("character"), e.getMessage());
    }

    @Test
    void testWithoutBytesNamesTheTestAndField() throws Exception {
        writeGzip("07.json.gz", "[" + String.format(ADD_AL, 1).replace("\"bytes\":[4,26,244],", "") + "]");
        ConformanceRunner runner = ConformanceRunner.open(dir);
        ConformanceException e = assertThrows(ConformanceException.class,
                () -> runner.runFile(dir.resolve("07.json.gz"), 3));
        assertTrue(e.getMessage().contains("07.json.gz: test #0: missing field 'bytes'"), e.getMessage());
    }

    @Test
    void unknownStemIsRefused() throws Exception {
        writeGzip("04.json.gz", "[]");
        ConformanceRunner runner = ConformanceRunner.open(dir);
        ConformanceException e = assertThrows(ConformanceException.class,
                () -> runner.selectStems(java.util.List.of("99")));
        assertTrue(e.getMessage().contains("99.json.gz"), e.getMessage());
    }

    @Test
    void jsonReaderRejectsTrailingText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JsonReader.parse("[1] x"));
        assertTrue(e.getMessage().contains("character 5"), e.getMessage());
    }
}
