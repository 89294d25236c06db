package coop.dispatch.engine.routing;

import com.graphhopper.storage.index.Snap;
import coop.dispatch.contracts.events.Vehicle;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded, least-recently-used memory of where points snap onto the graph, per vehicle. Thread-safe. */
final class SnapCache {
    static final Entry OFF_THE_MAP = new Entry(-1, -1, null, Double.NaN, -1);

    private final Map<Key, Entry> entries;

    SnapCache(int capacity) {
        this.entries = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized Entry get(Key key) {
        return entries.get(key);
    }

    synchronized void put(Key key, Entry entry) {
        entries.put(key, entry);
    }

    record Key(Vehicle vehicle, double lat, double lon) {
    }

    record Entry(int edgeKey, int wayIndex, Snap.Position position, double queryDistance, int closestNode) {
    }
}
