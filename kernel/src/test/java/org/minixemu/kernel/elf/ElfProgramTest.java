package org.minixemu.kernel.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.minixemu.kernel.elf.ElfImage.PF_R;
import static org.minixemu.kernel.elf.ElfImage.PF_W;
import static org.minixemu.kernel.elf.ElfImage.PF_X;
import static org.minixemu.kernel.elf.ElfImage.PT_DYNAMIC;
import static org.minixemu.kernel.elf.ElfImage.PT_GNU_EH_FRAME;
import static org.minixemu.kernel.elf.ElfImage.PT_GNU_PROPERTY;
import static org.minixemu.kernel.elf.ElfImage.PT_GNU_RELRO;
import static org.minixemu.kernel.elf.ElfImage.PT_GNU_STACK;
import static org.minixemu.kernel.elf.ElfImage.PT_INTERP;
import static org.minixemu.kernel.elf.ElfImage.PT_LOAD;
import static org.minixemu.kernel.elf.ElfImage.PT_NOTE;
import static org.minixemu.kernel.elf.ElfImage.PT_NULL;
import static org.minixemu.kernel.elf.ElfImage.PT_PHDR;
import static org.minixemu.kernel.elf.ElfImage.PT_TLS;
import static org.minixemu.kernel.elf.ElfImage.RW;
import static org.minixemu.kernel.elf.ElfImage.RX;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per rule of {@link ElfProgram#parse}, on files built by {@link ElfImage}. */
class ElfProgramTest {
    private static final String NAME = "pong.elf";

    /** Program header fields for {@link ElfImage#set}. */
    private static final int P_TYPE = 0, P_OFFSET = 1, P_VADDR = 2, P_FILESZ = 4, P_MEMSZ = 5, P_FLAGS = 6,
            P_ALIGN = 7;

    /** ElfImage.typical()'s two segments. */
    private static final ElfSegment TEXT = new ElfSegment(0x08048000, 0x400, 0, 0x400, true, false, true);
    private static final ElfSegment DATA = new ElfSegment(0x08049000, 0x100, 0x1000, 0x20, true, true, false);

    private static ElfProgram parse(ElfImage image) {
        return ElfProgram.parse(NAME, image.build());
    }

    private static String rejection(ElfImage image) {
        return rejection(image.build(), ElfProgram.DEFAULT_USER_LIMIT);
    }

    /** The message of the ElfFormatException that parsing {@code file} throws, checked for form. */
    private static String rejection(byte[] file, long userLimit) {
        ElfFormatException e = assertThrows(ElfFormatException.class, () -> ElfProgram.parse(NAME, file, userLimit));
        assertEquals(NAME, e.programName());
        assertEquals(NAME + ": " + e.problem(), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    // --- what a valid program gives ----------------------------------------------------------

    @Test
    void typicalProgramGivesItsEntryAndSegments() {
        ElfProgram p = parse(ElfImage.typical());
        assertEquals(NAME, p.name());
        assertEquals(0x08048080L, p.entry());
        assertEquals(List.of(TEXT, DATA), p.segments());
    }

    @Test
    void segmentsAreSortedByAddressWhateverTheHeaderOrder() {
        ElfImage image = new ElfImage().entry(0x08048080)
                .load(0x08049000, 0x1000, 0x20, 0x100, RW)
                .load(0x08048000, 0, 0x400, 0x400, RX);
        assertEquals(List.of(TEXT, DATA), parse(image).segments());
    }

    @Test
    void segmentListCannotBeModified() {
        List<ElfSegment> segments = parse(ElfImage.typical()).segments();
        assertThrows(UnsupportedOperationException.class, () -> segments.add(TEXT));
    }

    @Test
    void defaultUserLimitIsTheBottomOfTheStackArea() {
        assertEquals(0xEFFF0000L, ElfProgram.DEFAULT_USER_LIMIT);
        assertEquals(0x1000L, ElfProgram.USER_BASE);
    }

    @Test
    void addressesAboveTwoGiBAreReadUnsigned() {
        ElfImage image = new ElfImage().entry(0x80000010L).load(0x80000000L, 0, 0x100, 0x100, RX);
        ElfProgram p = parse(image);
        assertEquals(0x80000010L, p.entry());
        assertEquals(0x80000000L, p.segments().get(0).virtualAddress());
    }

    @Test
    void fileBytesAreTheSegmentsInitialisedBytes() {
        byte[] file = ElfImage.typical().build();
        ElfSegment data = ElfProgram.parse(NAME, file).segments().get(1);
        assertArrayEquals(Arrays.copyOfRange(file, 0x1000, 0x1020), data.fileBytes(file));
    }

    @Test
    void fileBytesFromAFileTooShortAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> DATA.fileBytes(new byte[0x1010]));
    }

    @Test
    void segmentKnowsItsEndAndWhatItContains() {
        assertEquals(0x08049100L, DATA.end());
        assertFalse(DATA.contains(0x08048fffL));
        assertTrue(DATA.contains(0x08049000L));
        assertTrue(DATA.contains(0x080490ffL));
        assertFalse(DATA.contains(0x08049100L));
    }

    @Test
    void segmentWithMoreFileBytesThanMemoryCannotBeMade() {
        assertThrows(IllegalArgumentException.class, () -> new ElfSegment(0x1000, 0x10, 0, 0x20, true, false, false));
        assertThrows(IllegalArgumentException.class,
                () -> new ElfSegment(0xFFFFF000L, 0x2000, 0, 0, true, false, false));
    }

    @Test
    void toStringPrintsRangesInHex() {
        assertEquals("0x08049000-0x08049100 RW- (file 0x1000-0x1020)", DATA.toString());
        assertEquals("pong.elf: entry 0x08048080, segments [0x08048000-0x08048400 R-X (file 0x0-0x400),"
                + " 0x08049000-0x08049100 RW- (file 0x1000-0x1020)]", parse(ElfImage.typical()).toString());
    }

    // --- the ELF header --------------------------------------------------------------------------

    @Test
    void fileWithoutTheElfMagicIsRejectedShowingWhatWasFound() {
        byte[] script = "#!/bin/sh\necho this is not a program\n".repeat(3).getBytes(StandardCharsets.US_ASCII);
        assertEquals("pong.elf: not an ELF file (magic 7F 45 4C 46 expected, found 23 21 2F 62)",
                rejection(script, ElfProgram.DEFAULT_USER_LIMIT));
    }

    @Test
    void tinyFileWithoutTheMagicIsRejectedAsNotElf() {
        assertEquals("pong.elf: not an ELF file (magic 7F 45 4C 46 expected, found 4D 5A)",
                rejection(new byte[] {'M', 'Z'}, ElfProgram.DEFAULT_USER_LIMIT));
    }

    @Test
    void fileShorterThanTheElfHeaderIsRejected() {
        byte[] file = Arrays.copyOf(ElfImage.typical().build(), 51);
        assertEquals("pong.elf: the file is 51 bytes, shorter than the 52-byte ELF header",
                rejection(file, ElfProgram.DEFAULT_USER_LIMIT));
    }

    @Test
    void emptyFileIsRejectedAsShorterThanTheHeader() {
        assertEquals("pong.elf: the file is 0 bytes, shorter than the 52-byte ELF header",
                rejection(new byte[0], ElfProgram.DEFAULT_USER_LIMIT));
    }

    @Test
    void sixtyFourBitFileIsRejected() {
        assertEquals("pong.elf: EI_CLASS is 2 (ELFCLASS64, a 64-bit file), expected 1 (ELFCLASS32)",
                rejection(ElfImage.typical().elfClass(2)));
    }

    @Test
    void invalidClassIsRejected() {
        assertEquals("pong.elf: EI_CLASS is 0 (invalid), expected 1 (ELFCLASS32)",
                rejection(ElfImage.typical().elfClass(0)));
    }

    @Test
    void bigEndianFileIsRejected() {
        assertEquals("pong.elf: EI_DATA is 2 (ELFDATA2MSB, big-endian), expected 1 (ELFDATA2LSB, little-endian)",
                rejection(ElfImage.typical().data(2)));
    }

    @Test
    void identVersionOtherThanOneIsRejected() {
        assertEquals("pong.elf: EI_VERSION is 0, expected 1 (EV_CURRENT)",
                rejection(ElfImage.typical().identVersion(0)));
    }

    @Test
    void sharedObjectIsRejectedAsPositionIndependent() {
        assertEquals("pong.elf: e_type is 3 (shared object / position-independent executable), expected 2"
                + " (executable)", rejection(ElfImage.typical().type(3)));
    }

    @Test
    void relocatableObjectIsRejected() {
        assertEquals("pong.elf: e_type is 1 (relocatable object), expected 2 (executable)",
                rejection(ElfImage.typical().type(1)));
    }

    @Test
    void coreDumpIsRejected() {
        assertEquals("pong.elf: e_type is 4 (core dump), expected 2 (executable)",
                rejection(ElfImage.typical().type(4)));
    }

    @Test
    void x86_64ProgramIsRejectedNamingTheMachine() {
        assertEquals("pong.elf: e_machine is 62 (x86-64), expected 3 (i386)",
                rejection(ElfImage.typical().machine(62)));
    }

    @Test
    void unknownMachineIsRejectedByNumber() {
        assertEquals("pong.elf: e_machine is 4660, expected 3 (i386)", rejection(ElfImage.typical().machine(0x1234)));
    }

    @Test
    void elfVersionOtherThanOneIsRejectedAndReadUnsigned() {
        assertEquals("pong.elf: e_version is 4294967295, expected 1 (EV_CURRENT)",
                rejection(ElfImage.typical().version(0xFFFFFFFFL)));
    }

    @Test
    void elfHeaderSizeOtherThan52IsRejected() {
        assertEquals("pong.elf: e_ehsize is 64, expected 52", rejection(ElfImage.typical().ehsize(64)));
    }

    @Test
    void programHeaderSizeOtherThan32IsRejected() {
        assertEquals("pong.elf: e_phentsize is 56, expected 32", rejection(ElfImage.typical().phentsize(56)));
    }

    @Test
    void fileWithoutProgramHeadersIsRejected() {
        assertEquals("pong.elf: no program headers (e_phnum is 0)", rejection(ElfImage.typical().phnum(0)));
    }

    @Test
    void moreThan32ProgramHeadersAreRejected() {
        assertEquals("pong.elf: e_phnum is 33, more than the 32 program headers allowed",
                rejection(ElfImage.typical().phnum(33)));
        assertEquals("pong.elf: e_phnum is 65535, more than the 32 program headers allowed",
                rejection(ElfImage.typical().phnum(0xFFFF)));
    }

    @Test
    void thirtyTwoProgramHeadersAreAccepted() {
        ElfImage image = ElfImage.typical();
        for (int i = 3; i < 32; i++) {
            image.header(PT_NOTE, 0x200, 0, 0x10, 0, PF_R, 4);
        }
        assertEquals(List.of(TEXT, DATA), parse(image).segments());
    }

    @Test
    void programHeaderTablePastTheEndOfTheFileIsRejected() {
        assertEquals("pong.elf: the program header table (e_phoff 0x1010, 3 entries of 32 bytes) ends at 0x1070,"
                + " past the end of the file (0x1020 bytes)", rejection(ElfImage.typical().phoff(0x1010).size(0x1020)));
    }

    @Test
    void programHeaderTableNearFourGiBDoesNotWrapAround() {
        assertEquals("pong.elf: the program header table (e_phoff 0xfffffff0, 3 entries of 32 bytes) ends at"
                + " 0x100000050, past the end of the file (0x1020 bytes)",
                rejection(ElfImage.typical().phoff(0xFFFFFFF0L).size(0x1020)));
    }

    // --- static, no TLS, no executable stack --------------------------------------------------

    @Test
    void interpreterMeansDynamicallyLinked() {
        ElfImage image = ElfImage.typical().header(PT_INTERP, 0x200, 0x08048200, 0x13, 0x13, PF_R, 1);
        assertEquals("pong.elf: program header 3: PT_INTERP means dynamically linked, needs a static executable",
                rejection(image));
    }

    @Test
    void dynamicSectionMeansDynamicallyLinked() {
        ElfImage image = ElfImage.typical().header(PT_DYNAMIC, 0x1000, 0x08049000, 0x10, 0x10, RW, 4);
        assertEquals("pong.elf: program header 3: PT_DYNAMIC means dynamically linked, needs a static executable",
                rejection(image));
    }

    @Test
    void dynamicLinkingIsReportedBeforeProblemsWithSegments() {
        ElfImage image = ElfImage.typical().set(0, P_FILESZ, 0x800)
                .header(PT_INTERP, 0x200, 0x08048200, 0x13, 0x13, PF_R, 1);
        assertEquals("pong.elf: program header 3: PT_INTERP means dynamically linked, needs a static executable",
                rejection(image));
    }

    @Test
    void threadLocalStorageIsRejected() {
        ElfImage image = ElfImage.typical().header(PT_TLS, 0x1000, 0x08049000, 0x8, 0x10, PF_R, 4);
        assertEquals("pong.elf: program header 3: PT_TLS, but thread-local storage is not supported",
                rejection(image));
    }

    @Test
    void executableStackIsRejected() {
        ElfImage image = ElfImage.typical().set(2, P_FLAGS, RW | PF_X);
        assertEquals("pong.elf: program header 2: PT_GNU_STACK asks for an executable stack", rejection(image));
    }

    @Test
    void otherProgramHeaderTypesAreIgnoredWhateverTheirFields() {
        ElfImage image = ElfImage.typical();
        for (int type : new int[] {PT_NULL, PT_NOTE, PT_PHDR, PT_GNU_EH_FRAME, PT_GNU_RELRO, PT_GNU_PROPERTY,
                0x70000000, 0x12345678}) {
            image.header(type, 0xFFFFFFF0L, 0xFFFFF000L, 0x7FFFFFFFL, 0x10, PF_R | PF_W | PF_X, 3);
        }
        ElfProgram p = parse(image);
        assertEquals(0x08048080L, p.entry());
        assertEquals(List.of(TEXT, DATA), p.segments());
    }

    // --- each PT_LOAD ----------------------------------------------------------------------------

    @Test
    void programWithoutLoadSegmentsIsRejected() {
        ElfImage image = ElfImage.typical().clearHeaders().header(PT_NOTE, 0x100, 0, 0x20, 0, PF_R, 4);
        assertEquals("pong.elf: no PT_LOAD segment, so nothing to load", rejection(image));
    }

    @Test
    void programWithOnlyEmptyLoadSegmentsIsRejected() {
        ElfImage image = ElfImage.typical().clearHeaders().load(0, 0, 0, 0, RW).load(0x08048000, 0, 0, 0, RX);
        assertEquals("pong.elf: every PT_LOAD segment is empty (p_memsz 0), so nothing to load", rejection(image));
    }

    @Test
    void emptyLoadSegmentsAreIgnoredWhateverTheirFields() {
        // ld emits an empty data segment at address 0 when a script's PHDRS name one with nothing in it.
        ElfImage image = ElfImage.typical().load(0, 0, 0, 0, RW)
                .header(PT_LOAD, 0xFFFFFFFFL, 0xFFFFFFFFL, 0, 0, RW | PF_X, 3).size(0x1020);
        assertEquals(List.of(TEXT, DATA), parse(image).segments());
    }

    @Test
    void moreFileBytesThanMemoryBytesAreRejected() {
        assertEquals("pong.elf: program header 1: p_filesz 0x200 is larger than p_memsz 0x100",
                rejection(ElfImage.typical().set(1, P_FILESZ, 0x200)));
    }

    @Test
    void segmentFileBytesPastTheEndOfTheFileAreRejected() {
        assertEquals("pong.elf: program header 1: file bytes 0x1000-0x1020 (p_offset 0x1000, p_filesz 0x20) extend"
                + " past the end of the file (0x1010 bytes)", rejection(ElfImage.typical().size(0x1010)));
    }

    @Test
    void segmentFileOffsetNearFourGiBDoesNotWrapAround() {
        ElfImage image = ElfImage.typical().set(1, P_OFFSET, 0xFFFFFFF0L).size(0x1020);
        assertEquals("pong.elf: program header 1: file bytes 0xfffffff0-0x100000010 (p_offset 0xfffffff0, p_filesz"
                + " 0x20) extend past the end of the file (0x1020 bytes)", rejection(image));
    }

    @Test
    void segmentWrappingPastFourGiBIsRejected() {
        ElfImage image = ElfImage.typical().set(1, P_VADDR, 0xFFFFF000L).set(1, P_MEMSZ, 0x2000);
        assertEquals("pong.elf: program header 1: segment at 0xfffff000 with p_memsz 0x2000 wraps past 4 GiB",
                rejection(image));
    }

    @Test
    void segmentInPageZeroIsRejected() {
        ElfImage image = ElfImage.typical().set(0, P_VADDR, 0).entry(0x80);
        assertEquals("pong.elf: program header 0: segment 0x00000000-0x00000400 starts below 0x00001000 (page zero"
                + " stays unmapped)", rejection(image));
    }

    @Test
    void segmentReachingIntoTheStackAreaIsRejected() {
        ElfImage image = ElfImage.typical().set(1, P_VADDR, 0xEFFEF000L).set(1, P_MEMSZ, 0x1001);
        assertEquals("pong.elf: program header 1: segment 0xeffef000-0xefff0001 ends past 0xefff0000, the bottom of"
                + " the stack area", rejection(image));
    }

    @Test
    void segmentEndingRightAtTheStackAreaIsAccepted() {
        ElfImage image = ElfImage.typical().set(1, P_VADDR, 0xEFFEF000L).set(1, P_MEMSZ, 0x1000);
        assertEquals(0xEFFF0000L, parse(image).segments().get(1).end());
    }

    @Test
    void theKernelsOwnUserLimitIsHonoured() {
        byte[] file = ElfImage.typical().build();
        assertEquals("pong.elf: program header 1: segment 0x08049000-0x08049100 ends past 0x08049080, the bottom of"
                + " the stack area", rejection(file, 0x08049080L));
        assertEquals(List.of(TEXT, DATA), ElfProgram.parse(NAME, file, 0x08049100L).segments());
    }

    @Test
    void userLimitOutsideTheAddressSpaceIsAnArgumentError() {
        byte[] file = ElfImage.typical().build();
        assertThrows(IllegalArgumentException.class, () -> ElfProgram.parse(NAME, file, 0x1000));
        assertThrows(IllegalArgumentException.class, () -> ElfProgram.parse(NAME, file, (1L << 32) + 1));
        assertEquals(List.of(TEXT, DATA), ElfProgram.parse(NAME, file, 1L << 32).segments());
    }

    @Test
    void alignmentThatIsNotAPowerOfTwoIsRejected() {
        assertEquals("pong.elf: program header 1: p_align 0x3000 is neither 0, 1 nor a power of two",
                rejection(ElfImage.typical().set(1, P_ALIGN, 0x3000)));
    }

    @Test
    void addressAndOffsetDisagreeingWithinThePageAreRejected() {
        assertEquals("pong.elf: program header 1: p_vaddr 0x08049010 and p_offset 0x1000 differ modulo the page size"
                + " (0x010 and 0x000)", rejection(ElfImage.typical().set(1, P_VADDR, 0x08049010L)));
    }

    @Test
    void alignmentsBelowAPageNeedNoAgreementWithinThePage() {
        for (long align : new long[] {0, 1, 16, 0x800}) {
            ElfImage image = ElfImage.typical().set(1, P_VADDR, 0x08049010L).set(1, P_ALIGN, align);
            assertEquals(0x08049010L, parse(image).segments().get(1).virtualAddress(), "p_align " + align);
        }
    }

    @Test
    void alignmentsAboveAPageNeedOnlyAgreementWithinThePage() {
        ElfImage image = ElfImage.typical().set(1, P_ALIGN, 0x200000);
        assertEquals(List.of(TEXT, DATA), parse(image).segments());
    }

    // --- the segments together, and the entry point ---------------------------------------------

    @Test
    void overlappingSegmentsAreRejectedNamingBoth() {
        ElfImage image = new ElfImage().entry(0x08048080)
                .load(0x08048000, 0, 0x400, 0x1800, RX)
                .load(0x08049000, 0x1000, 0x20, 0x1100, RW);
        assertEquals("pong.elf: program header 1: segment 0x08049000-0x0804a100 overlaps program header 0"
                + " (0x08048000-0x08049800)", rejection(image));
    }

    @Test
    void overlapIsReportedInHeaderOrderWhateverTheAddressOrder() {
        ElfImage image = new ElfImage().entry(0x08048080)
                .load(0x08049000, 0x1000, 0x20, 0x1100, RW)
                .load(0x08048000, 0, 0x400, 0x1800, RX);
        assertEquals("pong.elf: program header 1: segment 0x08048000-0x08049800 overlaps program header 0"
                + " (0x08049000-0x0804a100)", rejection(image));
    }

    @Test
    void segmentNestedInsideAnotherIsRejected() {
        ElfImage image = new ElfImage().entry(0x08048080)
                .load(0x08048000, 0, 0x400, 0x4000, RX)
                .load(0x0804c000, 0x1000, 0x20, 0x100, RW)
                .load(0x08049000, 0x1000, 0x20, 0x100, RW);
        assertEquals("pong.elf: program header 2: segment 0x08049000-0x08049100 overlaps program header 0"
                + " (0x08048000-0x0804c000)", rejection(image));
    }

    @Test
    void segmentsSharingAPageAreAccepted() {
        ElfImage image = new ElfImage().entry(0x08048080)
                .load(0x08048000, 0, 0xC0, 0xC0, RX)
                .load(0x080480C0, 0xC0, 0x20, 0x100, RW);
        List<ElfSegment> segments = parse(image).segments();
        assertEquals(segments.get(0).end(), segments.get(1).virtualAddress());
    }

    @Test
    void entryOutsideAnySegmentIsRejected() {
        assertEquals("pong.elf: entry point 0x08050000 is not inside any PT_LOAD segment",
                rejection(ElfImage.typical().entry(0x08050000)));
    }

    @Test
    void entryJustPastTheEndOfTheCodeIsRejected() {
        assertEquals("pong.elf: entry point 0x08048400 is not inside any PT_LOAD segment",
                rejection(ElfImage.typical().entry(0x08048400)));
    }

    @Test
    void entryOutsideExecutableSegmentIsRejected() {
        assertEquals("pong.elf: entry point 0x08049010 is in program header 1 (0x08049000-0x08049100 RW-), which is"
                + " not executable", rejection(ElfImage.typical().entry(0x08049010)));
    }

    @Test
    void nullNameOrFileIsAProgrammingError() {
        byte[] file = ElfImage.typical().build();
        assertThrows(NullPointerException.class, () -> ElfProgram.parse(null, file));
        assertThrows(NullPointerException.class, () -> ElfProgram.parse(NAME, null));
    }

    @Test
    void loadHeaderTurnedIntoANoteNoLongerGivesASegment() {
        assertEquals(List.of(TEXT), parse(ElfImage.typical().set(1, P_TYPE, PT_NOTE)).segments());
    }
}
