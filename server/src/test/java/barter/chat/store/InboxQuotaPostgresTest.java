package barter.chat.store;

import barter.chat.testing.TestDatabases;

class InboxQuotaPostgresTest extends InboxQuotaContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRES;
    }
}
