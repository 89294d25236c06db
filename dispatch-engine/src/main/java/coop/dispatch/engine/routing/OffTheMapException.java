package coop.dispatch.engine.routing;

/** A point that is not on (or not near) a street the vehicle may use in the loaded map. */
public class OffTheMapException extends RuntimeException {
    public OffTheMapException(String message) {
        super(message);
    }
}
