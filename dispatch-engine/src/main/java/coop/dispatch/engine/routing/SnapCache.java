package coop.dispatch.engine.routing;

import coop.dispatch.contracts.events.Vehicle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, least-recently-used memory of where points lie on the graph, per vehicle (empty: off the map).
 * Thread-safe.
 */
final class SnapCache {
    private final Map<Key, Optional<EdgePosition>> entries;

    SnapCache(int capacity) {
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Optional<EdgePosition>> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Optional<EdgePosition> get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, Optional<EdgePosition> position) {
        entries.put(key, position);
    }

    record Key(Vehicle vehicle, double lat, double lon) {
    }
}
