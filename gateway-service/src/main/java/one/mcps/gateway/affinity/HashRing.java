package one.mcps.gateway.affinity;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A consistent-hash ring: each member sits at many virtual points, a key belongs to the first point at or after its
 * hash. Adding a member moves only the keys that now fall on its points (about 1/n of them); the rest keep their
 * owner. Written here because it is twenty lines and no library on the classpath offers one.
 *
 * @param <T> the member type
 */
public final class HashRing<T> {

    private final TreeMap<Long, T> points = new TreeMap<>();

    public HashRing(List<T> members, int pointsPerMember) {
        for (T member : members) {
            for (int i = 0; i < pointsPerMember; i++) {
                points.put(hash(member + "#" + i), member);
            }
        }
    }

    public T owner(String key) {
        if (points.isEmpty()) {
            throw new IllegalStateException("The ring has no members");
        }
        Map.Entry<Long, T> entry = points.ceilingEntry(hash(key));
        return entry != null ? entry.getValue() : points.firstEntry().getValue();
    }

    /** 64-bit FNV-1a with a final mix: fast, stable across JVMs and well spread for short ids. */
    static long hash(String key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
