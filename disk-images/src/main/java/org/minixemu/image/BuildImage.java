package org.minixemu.image;

import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -cp disk-images.jar org.minixemu.image.BuildImage --config boot.cfg --out disk.img
 * [--scratch SIZE] PROGRAM...}: the image build without the command-line module, for the Maven build of the
 * default image. Prints the summary line and exits 0, or prints one line on stderr and exits 2.
 * {@code minix-emu image build} does the same with the same checks.
 */
public final class BuildImage {
    /** Exit status for bad usage or input, as the minix-emu command uses. */
    public static final int EXIT_USAGE = 2;
    private static final String USAGE = "usage: BuildImage --config FILE --out IMAGE [--scratch SIZE] PROGRAM...";

    private BuildImage() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status); // only on failure, so that an in-process caller survives success
        }
    }

    /** Runs the build; returns the exit status. For callers in the same JVM. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String config = null;
        String image = null;
        long scratch = 0;
        List<String> programs = new ArrayList<>();
        boolean options = true;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (options && (a.equals("--help") || a.equals("-h"))) {
                    out.println(USAGE);
                    return 0;
                } else if (options && a.equals("--")) {
                    options = false;
                } else if (options && (a.equals("--config") || a.startsWith("--config="))) {
                    config = a.equals("--config") ? value(args, ++i, a) : a.substring("--config=".length());
                } else if (options && (a.equals("--out") || a.startsWith("--out="))) {
                    image = a.equals("--out") ? value(args, ++i, a) : a.substring("--out=".length());
                } else if (options && a.equals("--scratch")) {
                    String v = value(args, ++i, a);
                    try {
                        scratch = ImageBuilder.parseScratchSize(v);
                    } catch (ImageException e) {
                        throw new IllegalArgumentException("--scratch " + e.getMessage() + " (" + USAGE + ")");
                    }
                } else if (options && a.startsWith("-") && a.length() > 1) {
                    throw new IllegalArgumentException("unknown option '" + a + "' (" + USAGE + ")");
                } else {
                    programs.add(a);
                }
            }
            if (config == null || image == null) {
                throw new IllegalArgumentException((config == null ? "--config" : "--out") + " is required ("
                        + USAGE + ")");
            }
            List<Path> paths = new ArrayList<>();
            for (String p : programs) {
                paths.add(path(p));
            }
            ImageBuilder.Result r = new ImageBuilder(path(config), paths).scratch(scratch).build(path(image));
            r.warnings().forEach(w -> err.println("BuildImage: warning: " + w));
            out.println(r.summary());
            return 0;
        } catch (IllegalArgumentException | ImageException e) {
            err.println("BuildImage: " + e.getMessage());
            return EXIT_USAGE;
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value (" + USAGE + ")");
        }
        return args[i];
    }

    private static Path path(String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + name + "': not a valid file name");
        }
    }
}
