package barter.chat.store;

import barter.chat.testing.TestDatabases;

class KeyDaoPostgresTest extends KeyDaoContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRES;
    }
}
