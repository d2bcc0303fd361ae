package barter.chat.store;

import barter.chat.testing.TestDatabases;

class InboxQuotaSqliteTest extends InboxQuotaContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.SQLITE;
    }
}
