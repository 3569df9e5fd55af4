package io.raftkv.tester.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool (docker, iptables, kill) and hands back what it printed. */
@FunctionalInterface
interface Commands {

    /** What a command printed and how it ended; exit -1 if it could not be run or timed out. */
    record Result(int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** The output's non-blank lines. */
        List<String> lines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    Result run(List<String> command);

    /** The real thing, each command given {@code timeoutSeconds} to finish. */
    static Commands system(long timeoutSeconds) {
        return command -> {
            try {
                Process p = new ProcessBuilder(command).start();
                p.getOutputStream().close();
                var out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
                var err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return new Result(-1, "", String.join(" ", command) + " took over " + timeoutSeconds + " s");
                }
                return new Result(p.exitValue(), out.join(), err.join());
            } catch (IOException e) {
                return new Result(-1, "", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Result(-1, "", "interrupted");
            }
        };
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
