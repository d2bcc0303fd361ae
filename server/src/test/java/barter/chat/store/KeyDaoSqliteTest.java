package barter.chat.store;

import barter.chat.testing.TestDatabases;

class KeyDaoSqliteTest extends KeyDaoContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.SQLITE;
    }
}
