package barter.chat.messaging;

import barter.chat.testing.TestDatabases;

class MessagingPostgresTest extends MessagingContract {
    @Override
    TestDatabases.Kind kind() {
        return TestDatabases.Kind.POSTGRES;
    }
}
