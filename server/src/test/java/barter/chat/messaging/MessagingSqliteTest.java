package barter.chat.messaging;

import barter.chat.testing.TestDatabases;

class MessagingSqliteTest extends MessagingContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.SQLITE;
    }
}
