package barter.chat.store;

import barter.chat.testing.TestDatabases;

class MessageDaoPostgresTest extends MessageDaoContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRES;
    }
}
