package dev.roomcast.e2e.harness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of every end-to-end test class: the one shared cluster (started once per JVM), fresh clients per
 * test, and every process running again after each test (a test may kill some).
 */
@ExtendWith(DumpOnFailure.class)
public abstract class ClusterTest {

    protected static Cluster cluster;
    protected Clients clients;

    @BeforeAll
    static void startCluster() {
        cluster = Cluster.get();
    }

    @BeforeEach
    void openClients() {
        cluster.ensureAllRunning();
        clients = new Clients(cluster);
    }

    @AfterEach
    void closeClientsAndRestore() {
        clients.close();
        cluster.ensureAllRunning();
        cluster.assertNoRedisErrorsLogged();
    }
}
