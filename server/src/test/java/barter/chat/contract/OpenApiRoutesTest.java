package barter.chat.contract;

import static org.assertj.core.api.Assertions.assertThat;

import barter.chat.testing.TestDatabases;
import barter.chat.testing.TestServer;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/openapi.yaml documents exactly the routes the server registers: none missing, none extra. */
class OpenApiRoutesTest {
    @TempDir
    Path dir;

    @Test
    void theSpecListsEveryRouteTheServerRegistersAndNoOther() {
        try (TestServer server = TestServer.start(TestDatabases.Kind.SQLITE, dir)) {
            TreeSet<String> registered = new TreeSet<>(server.routes());
            TreeSet<String> documented = OpenApiContract.get().operations();

            assertThat(registered).as("sanity: the server's routes were read").contains("PUT /v1/keys", "GET /v1/ws");
            TreeSet<String> undocumented = new TreeSet<>(registered);
            undocumented.removeAll(documented);
            TreeSet<String> notServed = new TreeSet<>(documented);
            notServed.removeAll(registered);
            assertThat(undocumented).as("routes the server registers that docs/openapi.yaml lacks").isEmpty();
            assertThat(notServed).as("routes docs/openapi.yaml documents that the server does not register").isEmpty();
        }
    }
}
