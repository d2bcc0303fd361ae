package barter.chat.messaging;

import barter.chat.testing.TestDatabases;

class MessageCleanupTaskSqliteTest extends MessageCleanupTaskContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.SQLITE;
    }
}
