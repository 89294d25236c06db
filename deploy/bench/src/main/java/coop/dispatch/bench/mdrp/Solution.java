package coop.dispatch.bench.mdrp;

import java.util.List;

/**
 * A dispatcher's answer to one instance, as the three solution files of FORMAT.md hold it.
 *
 * @param assignments one per bundle given to a courier
 * @param orders      one row per order of the instance (undelivered: NaN times and a null courier)
 * @param moves       every move of every courier, grouped by courier, in time order
 */
public record Solution(List<Assignment> assignments, List<OrderRow> orders, List<Move> moves) {

    public Solution {
        assignments = List.copyOf(assignments);
        orders = List.copyOf(orders);
        moves = List.copyOf(moves);
    }

    /** @param orders in the sequence they are dropped off */
    public record Assignment(double assignmentTime, double pickupTime, String courier, List<String> orders) {
        public Assignment {
            orders = List.copyOf(orders);
        }
    }

    public record OrderRow(String order, double placementTime, String restaurant, double readyTime, double pickupTime,
                           double dropoffTime, String courier) {
        public boolean delivered() {
            return courier != null;
        }
    }

    /** @param origin "0" for the courier's start position, else a restaurant or order id */
    public record Move(String courier, double departureTime, String origin, String destination) {
    }
}
