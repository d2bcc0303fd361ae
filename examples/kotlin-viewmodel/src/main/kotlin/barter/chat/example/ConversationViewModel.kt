package barter.chat.example

import barter.chat.client.ChatEvent
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.filterIsInstance
import kotlinx.coroutines.flow.launchIn
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.update
import kotlinx.coroutines.launch

/** One line of the conversation as the screen shows it. */
data class Line(val from: String, val text: String, val status: String)

/**
 * Shaped like an androidx `ViewModel` for one conversation: [scope] plays `viewModelScope` (cancelled when the screen
 * goes away for good), [onStart]/[onStop] are called from the lifecycle (`ProcessLifecycleOwner` in an app), and the
 * screen collects [lines] and [warning]. On Android this class would extend `ViewModel` and take the repository from
 * the DI graph; nothing else changes.
 */
class ConversationViewModel(
    private val repository: ChatRepository,
    private val peer: String,
    private val scope: CoroutineScope,
) {
    private val state = MutableStateFlow<List<Line>>(emptyList())
    private val keyWarning = MutableStateFlow<ChatEvent.KeyChanged?>(null)

    val lines: StateFlow<List<Line>> = state.asStateFlow()

    /** Set when the peer's identity key changed: show both fingerprints, ask the user to compare. */
    val warning: StateFlow<ChatEvent.KeyChanged?> = keyWarning.asStateFlow()

    init {
        repository.incoming
            .filter { it.from() == peer }
            .onEach { message -> state.update { it + Line(message.from(), message.text(), "received") } }
            .launchIn(scope)
        repository.events
            .filterIsInstance<ChatEvent.KeyChanged>()
            .filter { it.peer() == peer }
            .onEach { keyWarning.value = it }
            .launchIn(scope)
    }

    fun onStart() = repository.connect()

    fun onStop() = repository.disconnect()

    fun send(text: String) {
        scope.launch {
            val status = runCatching { repository.send(peer, text) }
                .fold(onSuccess = { "sent" }, onFailure = { "not sent: ${it.message}" })
            state.update { it + Line("me", text, status) }
        }
    }

    /** The user compared the new fingerprint with the peer and it matched. */
    fun acceptNewKey() {
        val change = keyWarning.value ?: return
        scope.launch {
            repository.acceptKeyChange(change.peer(), change.newFingerprint())
            keyWarning.value = null
        }
    }
}
