package org.minixemu.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.minixemu.cpu.conformance.ConformanceException;
import org.minixemu.cpu.conformance.ConformanceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code minix-emu cpu-test DIR}: runs single-instruction conformance tests and prints one line
 * per file, the first failures of each file, and a closing {@code N passed, M failed} line.
 */
@Command(name = "cpu-test",
        description = {"Run single-instruction CPU conformance tests (SingleStepTests JSON, gzip).",
            "DIR holds *.json.gz files, or a subfolder that does (e.g. shared/conformance/80286)."},
        mixinStandardHelpOptions = true)
final class CpuTestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "folder of test files")
    Path dir;

    @Option(names = "--failures", paramLabel = "N", defaultValue = "3",
            description = "failures to show per file (default: ${DEFAULT-VALUE})")
    int failuresShown;

    @Option(names = "--file", paramLabel = "STEM", split = ",",
            description = "run only these files, by stem (e.g. --file 04,F6.6)")
    java.util.List<String> stems;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (failuresShown < 0) {
            err.println("minix-emu cpu-test: --failures must not be negative");
            return Main.EXIT_USAGE;
        }
        try {
            ConformanceRunner runner = ConformanceRunner.open(dir);
            if (stems != null) {
                runner.selectStems(stems);
            }
            ConformanceRunner.Totals totals = runner.runAll(failuresShown, r -> {
                out.println(r.summary());
                r.failures().forEach(f -> out.println("  FAIL " + f));
                out.flush();
            });
            out.println(totals.summary());
            out.flush();
            return totals.failed() == 0 ? 0 : 1;
        } catch (ConformanceException e) {
            out.flush();
            err.println("minix-emu cpu-test: " + e.getMessage());
            err.flush();
            return Main.EXIT_USAGE;
        }
    }
}
