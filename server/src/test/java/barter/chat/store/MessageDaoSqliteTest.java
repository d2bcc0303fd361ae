package barter.chat.store;

import barter.chat.testing.TestDatabases;

class MessageDaoSqliteTest extends MessageDaoContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.SQLITE;
    }
}
