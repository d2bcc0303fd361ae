package barter.chat.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentIdsTest {
    @Test
    void remembersTheLatestIdsAndForgetsTheOldest() {
        RecentIds ids = new RecentIds(3);
        assertThat(ids.add(1)).isTrue();
        assertThat(ids.add(1)).isFalse();
        ids.add(2);
        ids.add(3);
        ids.add(4);
        assertThat(ids.size()).isEqualTo(3);
        assertThat(ids.contains(1)).isFalse();
        assertThat(ids.contains(4)).isTrue();
    }
}
