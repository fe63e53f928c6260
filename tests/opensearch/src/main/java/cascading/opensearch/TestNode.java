package cascading.opensearch;

import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one embedded OpenSearch node for tests, in the foreground, until SIGTERM.
 *
 * Args are OpenSearch settings as {@code key=value} (like {@code -E} of the real CLI);
 * {@code path.home} must point at the os-home built by the pom (it holds modules/).
 * Unlike bin/opensearch this skips the bootstrap (bootstrap checks, security manager,
 * keystore, refuse-to-run-as-root), which is what makes it usable as root on a test box.
 */
public final class TestNode {

    public static void main(String[] args) {
        // Once logging is configured, System.err goes into log4j; keep the real stderr for fatal errors.
        PrintStream stderr = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        try {
            run(args);
        } catch (Throwable t) {
            t.printStackTrace(stderr);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder()
            .put("cluster.name", "cascading-test")
            .put("network.host", "127.0.0.1")
            .put("discovery.type", "single-node")
            // Test boxes are often nearly full; never go read-only because of disk watermarks.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            // Let tests clean up with wildcard deletes (DELETE /test-*).
            .put("action.destructive_requires_name", false);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("expected key=value, got: " + arg);
            }
            builder.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        Settings settings = builder.build();
        String nodeName = settings.get("node.name", "node-0");
        Path configDir = Path.of(settings.get("path.home"), "config");

        LogConfigurator.registerErrorListener(); // must precede anything that logs
        Environment env = InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), configDir, () -> nodeName);
        LogConfigurator.setNodeName(nodeName);
        LogConfigurator.configure(env);

        Node node = new Node(env);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                stopped.countDown();
            }
        }, "test-node-shutdown"));
        node.start();
        stopped.await();
    }
}
