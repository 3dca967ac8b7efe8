package one.mcps.gateway.affinity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class HashRingTest {

    private static final int KEYS = 20_000;

    @Test
    void addingAnInstanceMovesOnlyTheKeysItTakesOver() {
        HashRing<String> three = new HashRing<>(List.of("a", "b", "c"), 160);
        HashRing<String> four = new HashRing<>(List.of("a", "b", "c", "d"), 160);
        int moved = 0;
        Map<String, Integer> load = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = UUID.nameUUIDFromBytes(Integer.toString(i).getBytes()).toString();
            String before = three.owner(key);
            String after = four.owner(key);
            if (!before.equals(after)) {
                moved++;
                assertEquals("d", after, "a key only ever moves to the new instance");
            }
            load.merge(after, 1, Integer::sum);
        }
        // About a quarter of the keys move to the new instance; allow for the spread of 160 points each.
        assertTrue(moved > KEYS * 0.15 && moved < KEYS * 0.35, "moved " + moved);
        load.values().forEach(n -> assertTrue(n > KEYS * 0.15 && n < KEYS * 0.35, "load " + load));
    }

    @Test
    void theOwnerIsTheSameForEveryRingBuiltFromTheSameInstances() {
        HashRing<String> one = new HashRing<>(List.of("http://p1:8083", "http://p2:8083"), 160);
        HashRing<String> other = new HashRing<>(List.of("http://p1:8083", "http://p2:8083"), 160);
        for (int i = 0; i < 1000; i++) {
            String key = UUID.randomUUID().toString();
            assertEquals(one.owner(key), other.owner(key));
        }
    }
}
