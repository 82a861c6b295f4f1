package org.minixemu.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The short JMH run CI makes after the tests (the {@code jmh-ci} profile, docs/benchmarks.md):
 * every benchmark once, one fork, brief warm-up and measurement, the JSON written where a later
 * run can be compared with it, and one summary line per benchmark on standard output (JMH's
 * own progress is silenced; a failing benchmark fails the run). The
 * figures are rough (the JIT has not settled on the IPC path after two seconds); the
 * full-length runs in docs/benchmarks.md are the ones to quote.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.minixemu.bench.CiRun [JSON-FILE]}.
 */
public final class CiRun {
    /** The benchmarks CI runs, as JMH include patterns. */
    static final String[] INCLUDES = {
        "org.minixemu.bench.BootBenchmark",
        "org.minixemu.bench.IpcBenchmark",
        "org.minixemu.bench.SendrecBenchmark.nanosPerRoundTrip",
        "org.minixemu.bench.InterpreterBenchmark",
    };

    private CiRun() {
    }

    public static void main(String[] args) throws RunnerException {
        Path json = Path.of(args.length > 0 ? args[0] : "target/jmh-ci.json").toAbsolutePath();
        OptionsBuilder builder = new OptionsBuilder();
        for (String include : INCLUDES) {
            builder.include(include);
        }
        Options options = builder
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(3)
                .measurementTime(TimeValue.seconds(1))
                .shouldFailOnError(true)
                // The benchmarks carry no logging binding: without this each fork warns about it.
                .jvmArgsAppend("-Dslf4j.internal.verbosity=ERROR", "-Dminixemu.defaultImage="
                        + System.getProperty("minixemu.defaultImage", "disk-images/target/minix.img"))
                .verbosity(VerboseMode.SILENT)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();
        System.out.println("jmh-ci: short JMH run (1 fork, 2 x 1 s warm-up, 3 x 1 s measured) of " + String.join(", ", INCLUDES));
        Collection<RunResult> results = new Runner(options).run();
        System.out.println("jmh-ci: " + results.size() + " benchmarks, JSON in " + json);
        for (RunResult r : results) {
            System.out.println(summary(r));
        }
        if (!Files.isRegularFile(json)) {
            throw new IllegalStateException("JMH wrote no " + json);
        }
    }

    /** One line: the benchmark, its parameters, score, error and unit. */
    static String summary(RunResult r) {
        var params = r.getParams();
        StringBuilder name = new StringBuilder(params.getBenchmark().replace("org.minixemu.bench.", ""));
        for (String key : params.getParamsKeys()) {
            name.append(' ').append(key).append('=').append(params.getParam(key));
        }
        Result<?> primary = r.getPrimaryResult();
        return String.format("jmh-ci: %-55s %12.3f ± %9.3f %s", name, primary.getScore(),
                Double.isNaN(primary.getScoreError()) ? 0.0 : primary.getScoreError(), primary.getScoreUnit());
    }
}
