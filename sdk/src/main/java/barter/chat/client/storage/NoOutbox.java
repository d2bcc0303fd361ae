package barter.chat.client.storage;

import java.util.Collections;
import java.util.List;

/** {@link OutboxStore#none()}: remembers nothing across a restart. */
enum NoOutbox implements OutboxStore {
    INSTANCE;

    @Override
    public void add(PendingSend send) {
    }

    @Override
    public void remove(String clientId) {
    }

    @Override
    public List<PendingSend> load() {
        return Collections.emptyList();
    }
}
