package org.minixemu.kernel.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whatever the bytes, {@link ElfProgram#parse} either returns a program that keeps its promises
 * or throws {@link ElfFormatException}: never an index, arithmetic or any other exception.
 */
class ElfProgramRobustnessTest {
    private static final String NAME = "fuzz.elf";
    private static final long SEED = 0x5EED_E1F0L;
    private static final int MUTANTS = 4000;

    /** 32-bit values that tend to find mistakes in offset and size arithmetic. */
    private static final long[] AWKWARD = {0, 1, 0x20, 0x34, 0xFFF, 0x1000, 0x1001, 0x7FFFFFFFL, 0x80000000L,
            0xEFFF0000L, 0xF0000000L, 0xFFFFF000L, 0xFFFFFFE0L, 0xFFFFFFFFL};

    @Test
    void everyPrefixOfAValidProgramParsesIdenticallyOrIsRejected() {
        for (ElfImage image : List.of(ElfImage.small(), ElfImage.typical())) {
            byte[] whole = image.build();
            ElfProgram full = ElfProgram.parse(NAME, whole);
            int accepted = 0;
            for (int n = 0; n <= whole.length; n++) {
                byte[] prefix = Arrays.copyOf(whole, n);
                ElfProgram p = parseOrNull(prefix, "prefix of " + n + " bytes");
                if (p != null) {
                    accepted++;
                    assertEquals(full.entry(), p.entry(), "prefix of " + n + " bytes");
                    assertEquals(full.segments(), p.segments(), "prefix of " + n + " bytes");
                }
            }
            // The last segment's file bytes end at the end of the file, so only the whole file will do.
            assertEquals(1, accepted);
        }
    }

    @Test
    void seededMutationsOnlyEverParseOrThrowElfFormatException() {
        Random random = new Random(SEED);
        int accepted = 0;
        for (ElfImage image : List.of(ElfImage.small(), ElfImage.typical())) {
            byte[] original = image.build();
            for (int i = 0; i < MUTANTS / 2; i++) {
                byte[] mutant = mutate(original, random);
                String what = "mutant " + i + " of a " + original.length + "-byte file (seed " + SEED + ")";
                ElfProgram p = parseOrNull(mutant, what);
                if (p != null) {
                    accepted++;
                    checkPromises(p, mutant, what);
                }
            }
        }
        // Most mutants hit a header, yet some should survive (e.g. changes to segment contents).
        assertTrue(accepted > MUTANTS / 50 && accepted < MUTANTS / 2, accepted + " of " + MUTANTS + " accepted");
    }

    /** The program, or null if the file was rejected with a well-formed ElfFormatException. */
    private static ElfProgram parseOrNull(byte[] file, String what) {
        try {
            return ElfProgram.parse(NAME, file);
        } catch (ElfFormatException e) {
            assertEquals(NAME, e.programName(), what);
            assertTrue(e.getMessage().startsWith(NAME + ": ") && !e.getMessage().contains("\n"),
                    what + ": " + e.getMessage());
            return null;
        } catch (RuntimeException e) {
            fail(what + ": threw " + e, e);
            return null;
        }
    }

    /** Up to four changes: a flipped bit, a random byte, an awkward 32-bit word, or a new length. */
    private static byte[] mutate(byte[] original, Random random) {
        byte[] b = original.clone();
        for (int k = 1 + random.nextInt(4); k > 0 && b.length >= 4; k--) {
            int headers = Math.min(b.length, 52 + 3 * 32);
            // Three times in four, aim at the headers, where the parser looks.
            int at = random.nextInt(4) > 0 ? random.nextInt(headers) : random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(256);
                case 2 -> {
                    int word = Math.min(at & ~3, b.length - 4);
                    long v = AWKWARD[random.nextInt(AWKWARD.length)];
                    for (int j = 0; j < 4; j++) {
                        b[word + j] = (byte) (v >>> (8 * j));
                    }
                }
                default -> b = Arrays.copyOf(b, Math.max(0, b.length + random.nextInt(65) - 48));
            }
        }
        return b;
    }

    /** What every parsed program guarantees (see ElfProgram's class comment). */
    private static void checkPromises(ElfProgram p, byte[] file, String what) {
        List<ElfSegment> segments = p.segments();
        assertTrue(!segments.isEmpty(), what);
        boolean entryOk = false;
        for (int i = 0; i < segments.size(); i++) {
            ElfSegment s = segments.get(i);
            assertTrue(s.memorySize() > 0 && s.fileSize() <= s.memorySize(), what + ": " + s);
            assertTrue(s.virtualAddress() >= ElfProgram.USER_BASE && s.end() <= ElfProgram.DEFAULT_USER_LIMIT,
                    what + ": " + s);
            assertArrayEquals(Arrays.copyOfRange(file, (int) s.fileOffset(), (int) (s.fileOffset() + s.fileSize())),
                    s.fileBytes(file), what);
            if (i > 0) {
                assertTrue(segments.get(i - 1).end() <= s.virtualAddress(), what + ": sorted, disjoint: " + p);
            }
            entryOk |= s.executable() && s.contains(p.entry());
        }
        assertTrue(entryOk, what + ": entry in an executable segment: " + p);
    }
}
