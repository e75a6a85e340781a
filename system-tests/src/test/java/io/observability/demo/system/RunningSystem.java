package io.observability.demo.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The system a user runs, started once per test run and shared by every scenario: one PostgreSQL with three
 * fresh databases, the test's OTLP receiver, and inventory-service, payment-service and checkout-service as
 * separate {@code java -jar} processes on free loopback ports. Stopped by {@link #close()} (after the last
 * test class, through {@link SystemExtension}) and, whatever happens, by a JVM shutdown hook.
 */
public final class RunningSystem implements AutoCloseable {

    /**
     * Reservations expire fast, so stock held by a crashed checkout comes back within seconds; long enough that a
     * checkout slowed down by a busy 2-core machine still confirms its reservation before it expires.
     */
    public static final Duration RESERVATION_TTL = Duration.ofSeconds(10);
    public static final Duration EXPIRY_CHECK_INTERVAL = Duration.ofSeconds(1);

    private static RunningSystem instance;
    private static RuntimeException startFailure;

    private final Path workDir;
    private final EmbeddedPostgres postgres;
    private final TraceReceiver receiver;
    public final ServiceProcess inventory;
    public final ServiceProcess payment;
    public final ServiceProcess checkout;
    public final Database checkoutDb;
    public final Database inventoryDb;
    public final Database paymentDb;
    public final Shop shop;
    private final Map<String, Long> initialStock;
    private final Thread shutdownHook;
    private final Duration startup;

    /** The running system; started by the first caller. A failed start fails every later caller at once. */
    public static synchronized RunningSystem instance() {
        if (startFailure != null) {
            throw new IllegalStateException("The system failed to start earlier", startFailure);
        }
        if (instance == null) {
            try {
                instance = new RunningSystem();
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    private RunningSystem() {
        long start = System.nanoTime();
        Path root = Path.of(System.getProperty("system.root", "..")).toAbsolutePath().normalize();
        workDir = Path.of(System.getProperty("system.workdir", "target/system-tests")).toAbsolutePath().normalize();
        List<Path> jars = List.of(jar(root, "inventory-service"), jar(root, "payment-service"), jar(root, "checkout-service"));
        List<ServiceProcess> started = new ArrayList<>();
        EmbeddedPostgres db = null;
        TraceReceiver traces = null;
        shutdownHook = new Thread(this::destroyEverything, "system-tests-shutdown");
        try {
            recreate(workDir);
            db = EmbeddedPostgres.builder().setCleanDataDirectory(true).start();
            createDatabases(db, "checkout", "inventory", "payment");
            traces = new TraceReceiver(freePort());
            this.postgres = db;
            this.receiver = traces;
            Runtime.getRuntime().addShutdownHook(shutdownHook);

            int inventoryHttp = freePort();
            int paymentHttp = freePort();
            int checkoutHttp = freePort();
            Map<String, String> common = Map.of(
                    "QUARKUS_HTTP_HOST", "127.0.0.1",
                    "QUARKUS_MANAGEMENT_HOST", "127.0.0.1",
                    "QUARKUS_DATASOURCE_USERNAME", "postgres",
                    "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                    "QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT", traces.endpoint(),
                    "QUARKUS_OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms",
                    "DEPLOYMENT_ENVIRONMENT", "system-test");
            List<String> jvmArgs = new ArrayList<>(Arrays.asList(
                    System.getProperty("system.service.jvm.args",
                            "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx384m").trim().split("\\s+")));
            jvmArgs.add("-Djava.util.logging.manager=org.jboss.logmanager.LogManager");

            inventory = service("inventory-service", jars.get(0), inventoryHttp, db, "inventory", common, jvmArgs, Map.of(
                    "INVENTORY_RESERVATION_TTL", RESERVATION_TTL.toSeconds() + "s",
                    "INVENTORY_RESERVATION_EXPIRY_CHECK_INTERVAL", EXPIRY_CHECK_INTERVAL.toSeconds() + "s",
                    "INVENTORY_STOCK_GAUGE_REFRESH_INTERVAL", "1s"));
            // Deterministic payments: only the test cards fail, never a random 4242.
            payment = service("payment-service", jars.get(1), paymentHttp, db, "payment", common, jvmArgs, Map.of(
                    "PAYMENT_CHAOS_FAILURE_RATE", "0"));
            checkout = service("checkout-service", jars.get(2), checkoutHttp, db, "checkout", common, jvmArgs, Map.of(
                    "QUARKUS_REST_CLIENT_INVENTORY_URL", "http://127.0.0.1:" + inventoryHttp,
                    "QUARKUS_REST_CLIENT_PAYMENT_URL", "http://127.0.0.1:" + paymentHttp));
            for (ServiceProcess service : List.of(inventory, payment, checkout)) {
                service.start();
                started.add(service);
            }
            List<CompletableFuture<Duration>> ready = started.stream()
                    .map(service -> CompletableFuture.supplyAsync(() -> service.awaitReady(Duration.ofSeconds(120))))
                    .toList();
            for (int i = 0; i < ready.size(); i++) {
                Duration took = ready.get(i).join();
                System.out.printf("[system-tests] %s ready in %.1f s%n", started.get(i), took.toMillis() / 1000.0);
            }
            checkoutDb = new Database("checkout", db.getJdbcUrl("postgres", "checkout"));
            inventoryDb = new Database("inventory", db.getJdbcUrl("postgres", "inventory"));
            paymentDb = new Database("payment", db.getJdbcUrl("postgres", "payment"));
            initialStock = inventoryDb.map("select sku, available from product order by sku");
            shop = new Shop(checkout.url());
        } catch (RuntimeException | IOException e) {
            started.forEach(ServiceProcess::destroyNow);
            if (traces != null) {
                traces.close();
            }
            closeQuietly(db);
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException ignored) {
                // already shutting down, or never added
            }
            throw e instanceof RuntimeException runtime ? runtime : new UncheckedIOException((IOException) e);
        }
        startup = Duration.ofNanos(System.nanoTime() - start);
        Report.line("system started in %.1f s: PostgreSQL %s, OTLP receiver %s, logs in %s", startup.toMillis() / 1000.0,
                postgres.getJdbcUrl("postgres", "postgres"), receiver.endpoint(), workDir);
    }

    private ServiceProcess service(String name, Path jar, int httpPort, EmbeddedPostgres db, String database,
            Map<String, String> common, List<String> jvmArgs, Map<String, String> own) throws IOException {
        int managementPort = freePort();
        Map<String, String> environment = new LinkedHashMap<>(common);
        environment.put("QUARKUS_HTTP_PORT", String.valueOf(httpPort));
        environment.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + db.getPort() + "/" + database);
        environment.putAll(own);
        return new ServiceProcess(name, jar, httpPort, managementPort, environment, jvmArgs, workDir.resolve(name + ".log"));
    }

    private static Path jar(Path root, String service) {
        Path jar = root.resolve(service).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("Missing " + jar + ": the system tests run the packaged services. Build them "
                    + "first: ./mvnw -B install -DskipTests (or run ./mvnw verify from the root, which packages them "
                    + "before this module)");
        }
        return jar;
    }

    private static void createDatabases(EmbeddedPostgres db, String... names) {
        try (Connection connection = DriverManager.getConnection(db.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("create database " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the databases", e);
        }
    }

    private static void recreate(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var files = Files.walk(directory)) {
                for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(directory);
    }

    /** A port nothing listens on now (the OS picks it; it is released before the service binds it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public TraceReceiver traces() {
        return receiver;
    }

    public List<ServiceProcess> services() {
        return List.of(inventory, payment, checkout);
    }

    public ServiceProcess service(String name) {
        return services().stream().filter(service -> service.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name));
    }

    public Path workDir() {
        return workDir;
    }

    /** Stock per sku when inventory started with its seed data. */
    public Map<String, Long> initialStock() {
        return initialStock;
    }

    public Map<String, Long> availableStock() {
        return inventoryDb.map("select sku, available from product order by sku");
    }

    /** Units per sku of the orders checkout recorded as CONFIRMED. */
    public Map<String, Long> confirmedUnits() {
        return checkoutDb.map("""
                select i.sku, sum(i.quantity) from order_item i join orders o on o.id = i.order_id
                where o.status = 'CONFIRMED' group by i.sku order by i.sku""");
    }

    /** Reservations still holding stock that no order will ship or give back except by expiry. */
    public long activeReservations() {
        return inventoryDb.count("select count(*) from reservation where status = 'RESERVED'");
    }

    @Override
    public synchronized void close() {
        for (ServiceProcess service : List.of(checkout, payment, inventory)) {
            service.stop();
        }
        receiver.close();
        closeQuietly(postgres);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: the hook runs anyway
        }
        Report.printAll();
        instance = null;
    }

    private void destroyEverything() {
        for (ServiceProcess service : new ServiceProcess[] { checkout, payment, inventory }) {
            if (service != null) {
                service.destroyNow();
            }
        }
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres db) {
        if (db != null) {
            try {
                db.close();
            } catch (IOException | RuntimeException e) {
                System.err.println("[system-tests] could not stop PostgreSQL: " + e);
            }
        }
    }
}
