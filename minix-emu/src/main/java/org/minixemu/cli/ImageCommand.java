package org.minixemu.cli;

import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.minixemu.image.BootImage;
import org.minixemu.image.ImageBuilder;
import org.minixemu.image.ImageException;
import org.minixemu.image.Mbr;
import org.minixemu.image.ProcessSpec;
import org.minixemu.image.Ustar;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code minix-emu image build|ls}: makes and inspects the disk images that
 * {@code minix-emu boot} starts from (docs/boot-image.md). Bad input is one line starting
 * {@code "minix-emu image build:"} or {@code "minix-emu image ls:"} on stderr and exit status 2.
 */
@Command(name = "image",
        description = {"Build or inspect a MINIX disk image: an MBR, and partition 1 (type 0x81) holding",
            "boot.cfg and the programs as a ustar archive. See docs/boot-image.md."},
        mixinStandardHelpOptions = true,
        subcommands = {ImageCommand.Build.class, ImageCommand.Ls.class})
final class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: show how to use the command. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return Main.EXIT_USAGE;
    }

    private static int fail(CommandSpec spec, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(spec.qualifiedName() + ": " + message);
        err.flush();
        return Main.EXIT_USAGE;
    }

    private static Path path(CommandSpec spec, String what, String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new ParameterException(spec.commandLine(), what + " '" + name + "': not a valid file name");
        }
    }

    /** {@code image build --config boot.cfg --out disk.img PROGRAM...}. */
    @Command(name = "build",
            description = {"Build a disk image from a boot.cfg and the programs it names.",
                "Partition 1 (type 0x81, from sector 2048) holds boot.cfg, then each PROGRAM under its base name;",
                "--scratch adds partition 2 (type 0xDA), zero-filled, 1 MiB-aligned after it.",
                "Nothing is written unless every check passes; an existing IMAGE is replaced only by a complete one."},
            mixinStandardHelpOptions = true,
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:the image was written", "2:bad usage or input (nothing was written)"})
    static final class Build implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "the boot.cfg to put in the image")
        String config;

        @Option(names = "--out", paramLabel = "IMAGE", required = true, description = "the image file to write")
        String out;

        @Option(names = "--scratch", paramLabel = "SIZE", converter = ScratchSizeConverter.class,
                description = {"also make partition 2 (type 0xDA, non-FS data) of SIZE, zero-filled, from the first",
                    "multiple of 2048 sectors after partition 1 (e.g. 8M, 512K, 4194304; whole 512-byte sectors,",
                    "at most 1G): a raw area for the disk driver (/dev/c0d0p1 in the guest)"})
        long scratch;

        @Parameters(paramLabel = "PROGRAM", arity = "0..*",
                description = "program files (ELF); each program that boot.cfg names must be among them")
        List<String> programs = new ArrayList<>();

        @Override
        public Integer call() {
            List<Path> files = new ArrayList<>();
            for (String p : programs) {
                files.add(path(spec, "PROGRAM", p));
            }
            ImageBuilder builder = new ImageBuilder(path(spec, "--config", config), files);
            ImageBuilder.Result result;
            try {
                result = builder.scratch(scratch).build(path(spec, "--out", out));
            } catch (ImageException e) {
                return fail(spec, e.getMessage());
            }
            PrintWriter err = spec.commandLine().getErr();
            result.warnings().forEach(w -> err.println(spec.qualifiedName() + ": warning: " + w));
            err.flush();
            PrintWriter o = spec.commandLine().getOut();
            o.println(result.summary());
            o.flush();
            return 0;
        }
    }

    /** A partition size: bytes, or K, M, G; whole 512-byte sectors, more than 0, at most 1 GiB. */
    static final class ScratchSizeConverter implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return ImageBuilder.parseScratchSize(value);
            } catch (ImageException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code image ls disk.img}: partition table, boot files, processes. */
    @Command(name = "ls",
            description = {"List a disk image: partitions, boot files and boot.cfg's processes.",
                "Shows the partition table, the boot partition's files as tar -tv does (mode, size, name),",
                "and the processes of boot.cfg in start order. The image is only read."},
            mixinStandardHelpOptions = true,
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {"0:the image is good", "2:bad usage, or the image or its boot.cfg is malformed"})
    static final class Ls implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "IMAGE", description = "the disk image")
        String image;

        @Override
        public Integer call() {
            BootImage img;
            try {
                img = BootImage.open(path(spec, "IMAGE", image));
            } catch (ImageException e) {
                return fail(spec, e.getMessage());
            }
            PrintWriter o = spec.commandLine().getOut();
            o.println("Partitions of " + img.name() + ":");
            o.printf("  %-2s %-4s %-4s %10s %10s%n", "#", "boot", "type", "start", "sectors");
            for (Mbr.Partition p : img.mbr().partitions()) {
                o.printf("  %-2d %-4s 0x%02X %10d %10d%n", p.number(), p.bootable() ? "*" : "", p.type(),
                        p.startLba(), p.sectors());
            }
            o.println();
            o.println("Files of the boot partition (partition " + img.bootPartition().number() + "):");
            long widest = img.entries().stream().mapToLong(Ustar.Entry::size).max().orElse(0);
            int width = Math.max(4, Long.toString(widest).length());
            for (Ustar.Entry e : img.entries()) {
                o.printf("  %s %" + width + "d %s%n", e.modeString(), e.size(), e.name());
            }
            o.println();
            o.println("Processes of boot.cfg (hz " + img.config().hz() + "), in start order:");
            int label = Math.max(5, img.config().processes().stream().mapToInt(p -> p.label().length()).max()
                    .orElse(0));
            int program = Math.max(7, img.config().processes().stream().mapToInt(p -> p.program().length()).max()
                    .orElse(0));
            String row = "  %4s  %-" + label + "s  %-" + program + "s  %s%n";
            o.printf(row, "slot", "label", "program", "type");
            for (ProcessSpec p : img.config().processes()) {
                o.printf(row, p.slot(), p.label(), p.program(), p.type().word());
            }
            o.flush();
            return 0;
        }
    }
}
