package barter.chat.example

import barter.chat.client.ChatClient
import barter.chat.client.TestServer
import barter.chat.client.crypto.IdentityKeys
import barter.chat.client.keys.LocalKeyStore
import java.nio.file.Path
import java.time.Clock
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir

/** The example against the real server: what one user sends arrives in the other's ViewModel as a Flow. */
class ConversationViewModelTest {
    @TempDir
    lateinit var dir: Path

    @Test
    fun messagesFlowBothWaysThroughTheViewModel() = runBlocking {
        TestServer(dir.resolve("server")).use { server ->
            val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
            val alice = repository(server, "alice")
            val bob = repository(server, "bob")
            try {
                val conversation = ConversationViewModel(alice, "bob", scope)
                conversation.onStart()
                bob.connect()

                bob.send("alice", "is the bike still for trade?")
                val received = withTimeout(20_000) { conversation.lines.first { it.isNotEmpty() } }
                assertEquals(Line("bob", "is the bike still for trade?", "received"), received.single())

                conversation.send("yes, for your guitar")
                val reply = withTimeout(20_000) { bob.incoming.first() }
                assertEquals("yes, for your guitar", reply.text())
                val sent = withTimeout(20_000) { conversation.lines.first { it.size == 2 } }
                assertEquals(Line("me", "yes, for your guitar", "sent"), sent[1])
                conversation.onStop()
            } finally {
                scope.cancel()
                alice.close()
                bob.close()
            }
        }
    }

    private suspend fun repository(server: TestServer, user: String): ChatRepository {
        val keys = LocalKeyStore.create(dir.resolve("$user.keystore.json"), user, IdentityKeys.generate(),
            Clock.systemUTC())
        val repository = ChatRepository(
            ChatClient.builder().server(server.uri()).token { TestServer.token(user) }.keyStore(keys))
        repository.publishKeys()
        return repository
    }
}
