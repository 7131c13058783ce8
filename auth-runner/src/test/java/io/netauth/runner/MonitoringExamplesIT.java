package io.netauth.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netauth.server.testing.ProxyProcess;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The monitoring examples against a real run of the runner jar: every metric the Grafana dashboard and the
 * Prometheus alerts name, and every label they select on, exists in its {@code /metrics}; the alert rules pass
 * {@code promtool}.
 */
class MonitoringExamplesIT {

    private static final Path DASHBOARD = Path.of("..", "examples", "grafana", "netauth-dashboard.json");
    private static final Path ALERTS = Path.of("..", "examples", "prometheus", "alerts.yml");
    /** A metric in a query, with the label selector that follows it, if any. */
    private static final Pattern SELECTOR = Pattern.compile(
            "\\b((?:netauth|hikaricp|jvm|process|system|netty)_[a-z0-9_]+)(\\{([^}]*)\\})?");
    private static final Pattern LABEL = Pattern.compile("([a-z_]+)\\s*(=~|!=|!~|=)");

    @Test
    void everyMetricAndLabelTheExamplesUseExists(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Map<String, Set<String>> exposed = new HashMap<>(); // metric name -> its label names
        String dataDir = dir.resolve("data").toString();
        assertEquals(0, RunnerProcess.cli("correct horse battery\n", List.of("users", "add", "mo",
                "--password-stdin", "--data-dir", dataDir)));
        try (RunnerProcess server = new RunnerProcess(List.of("--port", "0", "--host", "127.0.0.1", "--data-dir",
                dataDir))) {
            server.awaitPort();
            server.login("mo", "correct horse battery");
            server.login("mo", "wrong horse battery");
            String metrics = server.send(HttpRequest.newBuilder(server.managementUri("/metrics"))).body();
            for (String line : metrics.split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.indexOf(' ');
                String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
                Set<String> labels = exposed.computeIfAbsent(name, n -> new HashSet<>());
                if (brace >= 0 && brace < space) {
                    Matcher label = LABEL.matcher(line.substring(brace, line.indexOf('}')));
                    while (label.find()) {
                        labels.add(label.group(1));
                    }
                }
            }
        }
        int checked = 0;
        for (Path example : List.of(DASHBOARD, ALERTS)) {
            Matcher use = SELECTOR.matcher(Files.readString(example));
            while (use.find()) {
                String name = use.group(1);
                assertTrue(exposed.containsKey(name), example.getFileName() + " uses " + name
                        + ", which /metrics does not expose");
                if (use.group(3) != null) {
                    Matcher label = LABEL.matcher(use.group(3));
                    while (label.find()) {
                        String key = label.group(1);
                        assertTrue(key.equals("instance") || exposed.get(name).contains(key),
                                example.getFileName() + " selects " + name + " by " + key + ", which it does not have");
                    }
                }
                checked++;
            }
        }
        assertTrue(checked >= 25, "the examples were read: " + checked);
    }

    @Test
    void theAlertRulesPassPromtool() throws Exception {
        ProxyProcess.requireInstalled(Path.of("/usr/bin/promtool"), "prometheus");
        Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "rules", ALERTS.toString())
                .redirectErrorStream(true).start();
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(60, TimeUnit.SECONDS), output);
        assertEquals(0, promtool.exitValue(), output);
        assertTrue(output.contains("SUCCESS: 5 rules found"), output);
    }
}
