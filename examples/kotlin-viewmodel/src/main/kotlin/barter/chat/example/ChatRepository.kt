package barter.chat.example

import barter.chat.client.ChatClient
import barter.chat.client.ChatClientBuilder
import barter.chat.client.ChatEvent
import barter.chat.client.IncomingMessage
import barter.chat.client.Sent
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.trySendBlocking
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.receiveAsFlow
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext

/**
 * The SDK as an Android app would hold it: one per signed-in user, app-scoped (built in Application.onCreate or by
 * the DI graph), outliving screens. Incoming messages become a [Flow]; events a [SharedFlow]; sends a suspend call.
 *
 * The SDK acknowledges a message when its handler returns, so the handler hands it over with back-pressure
 * ([trySendBlocking] waits while the channel is full) instead of dropping it: a message the app never took is
 * redelivered on the next connection.
 */
class ChatRepository(builder: ChatClientBuilder) : AutoCloseable {
    private val messages = Channel<IncomingMessage>(capacity = 64)
    private val eventFlow = MutableSharedFlow<ChatEvent>(extraBufferCapacity = 64,
        onBufferOverflow = BufferOverflow.DROP_OLDEST)
    private val client: ChatClient = builder
        .onMessage { message -> messages.trySendBlocking(message).getOrThrow() }
        .onEvent { event -> eventFlow.tryEmit(event) }
        .build()

    /** Decrypted, verified messages, each once, in arrival order. Collect it from one place (a channel). */
    val incoming: Flow<IncomingMessage> = messages.receiveAsFlow()

    /** Connection state, receipts, key changes. */
    val events: SharedFlow<ChatEvent> = eventFlow

    /** Foreground: connect (and drain what waited on the server). Idempotent. */
    fun connect() {
        client.connect()
    }

    /** Background: Android will suspend the process soon; the server keeps what arrives meanwhile. */
    fun disconnect() {
        client.disconnect()
    }

    /**
     * Encrypts and queues on the IO dispatcher (the SDK writes the outbox file there), then suspends until the server
     * stored the message. If the app dies first, the outbox sends it after the restart.
     */
    suspend fun send(to: String, text: String): Sent =
        withContext(Dispatchers.IO) { client.send(to, text) }.await()

    /** Publishes this user's public keys (after creating or rotating them), so peers can write to them. */
    suspend fun publishKeys() = withContext(Dispatchers.IO) { client.publishKeys() }

    /** After the user compared [fingerprint] with [peer] (from a [ChatEvent.KeyChanged]). */
    suspend fun acceptKeyChange(peer: String, fingerprint: String) =
        withContext(Dispatchers.IO) { client.acceptKeyChange(peer, fingerprint) }

    override fun close() {
        client.close()
        messages.close()
    }
}
