package barter.chat.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** CPU time and memory from Linux /proc, for the server and database processes, and the generator's own CPU. */
final class Proc {
    /** USER_HZ: the unit of utime/stime in /proc/pid/stat; 100 on every Linux the JDK supports here. */
    private static final double TICKS_PER_SECOND = 100.0;

    private Proc() {
    }

    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command may hold spaces: fields start after the last ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Sum of CPU seconds over every live process whose command name is {@code comm}. */
    static double cpuSecondsOfCommand(String comm) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToDouble(p -> {
                        try {
                            if (!Files.readString(p.resolve("comm")).trim().equals(comm)) {
                                return 0;
                            }
                            double s = cpuSeconds(Long.parseLong(p.getFileName().toString()));
                            return Math.max(0, s);
                        } catch (IOException | RuntimeException e) {
                            return 0;
                        }
                    }).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU seconds of this JVM (the load generator): all its threads, GC and JIT included. */
    static double generatorCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return -1;
    }
}
