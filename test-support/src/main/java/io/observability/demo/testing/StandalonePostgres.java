package io.observability.demo.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL of the tests as a server of its own, for the JDK AOT cache training run
 * ({@code deploy/aot/train.sh}), which runs inside the image build where no PostgreSQL is installed.
 * Serves the databases {@code checkout}, {@code inventory} and {@code payment} to the role {@code demo}
 * (password {@code demo}), as {@code deploy/postgres/init-databases.sql} does in compose; creates the ready file
 * (the second argument, if given) once they exist, and stops when its standard input closes or the process is
 * terminated. It logs through {@code java.util.logging} (standard error), never on standard output.
 *
 * <pre>
 * java -cp test-support.jar:&lt;its dependencies&gt; io.observability.demo.testing.StandalonePostgres 15432 /tmp/ready
 * </pre>
 */
public final class StandalonePostgres {

    private static final Logger LOG = Logger.getLogger(StandalonePostgres.class.getName());

    private StandalonePostgres() {
    }

    public static void main(String[] args) throws IOException, SQLException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 15432;
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(port).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> close(postgres)));
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement sql = connection.createStatement()) {
            sql.execute("create role demo login password 'demo'");
            for (String database : new String[] { "checkout", "inventory", "payment" }) {
                sql.execute("create database " + database + " owner demo");
            }
        }
        LOG.info(() -> "PostgreSQL ready on 127.0.0.1:" + port + " with the databases checkout, inventory, payment");
        if (args.length > 1) {
            // The handshake deploy/aot/train.sh waits for.
            Files.createFile(Path.of(args[1]));
        }
        while (System.in.read() >= 0) {
            // runs until standard input closes (or a signal ends the process)
        }
        System.exit(0);
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Could not stop PostgreSQL", e);
        }
    }
}
