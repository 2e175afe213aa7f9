package io.pumplink.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpellingTest {
    private static final List<String> KEYS = List.of("at", "volumeUl", "bolus", "reservoirCapacityUl", "refill");

    @Test
    void countsInsertionsDeletionsReplacementsAndSwaps() {
        assertThat(Spelling.distance("volumUl", "volumeUl")).isEqualTo(1);
        assertThat(Spelling.distance("bolsu", "bolus")).isEqualTo(1);
        assertThat(Spelling.distance("VolumeUL", "volumeUl")).isZero();
        assertThat(Spelling.distance("", "at")).isEqualTo(2);
        assertThat(Spelling.distance("kitten", "sitting")).isEqualTo(3);
    }

    @Test
    void suggestsTheClosestKeyWithinAThirdOfItsLength() {
        assertThat(Spelling.closest("volumUl", KEYS)).contains("volumeUl");
        assertThat(Spelling.closest("resevoirCapacityUL", KEYS)).contains("reservoirCapacityUl");
        assertThat(Spelling.closest("refil", KEYS)).contains("refill");
        assertThat(Spelling.closest("on", KEYS)).isEmpty();
        assertThat(Spelling.closest("colour", KEYS)).isEmpty();
    }
}
