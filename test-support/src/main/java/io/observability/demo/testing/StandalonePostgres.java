package io.observability.demo.testing;

import java.io.IOException;
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
 * (password {@code demo}), as {@code deploy/postgres/init-databases.sql} does in compose; prints {@code ready}
 * once they exist and stops when its standard input closes or the process is terminated.
 *
 * <pre>
 * java -cp test-support.jar:&lt;its dependencies&gt; io.observability.demo.testing.StandalonePostgres 15432
 * </pre>
 */
public final class StandalonePostgres {

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
        // Not a log line: the handshake deploy/aot/train.sh reads from standard output.
        System.out.println("ready");
        while (System.in.read() >= 0) {
            // runs until standard input closes (or a signal ends the process)
        }
        System.exit(0);
    }

    private static void close(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            Logger.getLogger(StandalonePostgres.class.getName()).log(Level.WARNING, "Could not stop PostgreSQL", e);
        }
    }
}
