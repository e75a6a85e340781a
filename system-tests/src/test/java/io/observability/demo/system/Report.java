package io.observability.demo.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/** One summary line per scenario (counts and durations), printed and collected in target/system-tests/summary.txt. */
public final class Report {

    private static final List<String> LINES = new CopyOnWriteArrayList<>();

    private Report() {
    }

    public static void line(String format, Object... args) {
        String line = String.format(format, args);
        LINES.add(line);
        System.out.println("[system-tests] " + line);
        try {
            Path file = Path.of(System.getProperty("system.workdir", "target/system-tests"), "summary.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("[system-tests] could not write the summary: " + e);
        }
    }

    public static void scenario(String name, long startNanos, Map<String, ?> counts) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        line("%-22s %5.1f s  %s", name, seconds, counts.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(", ")));
    }

    /** An ordered map of summary counts: {@code of("checkouts", 300, "threads", 16)}. */
    public static Map<String, Object> of(Object... keysAndValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(String.valueOf(keysAndValues[i]), keysAndValues[i + 1]);
        }
        return map;
    }

    static void printAll() {
        System.out.println("[system-tests] ===== summary =====");
        LINES.forEach(line -> System.out.println("[system-tests] " + line));
    }
}
