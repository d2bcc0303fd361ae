package barter.chat.messaging;

import barter.chat.testing.TestDatabases;

class MessageCleanupTaskPostgresTest extends MessageCleanupTaskContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRES;
    }
}
