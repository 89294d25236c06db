package coop.dispatch.geocoder;

/** Where an import is: percent of the whole job (reading the file, then writing the tables) and a line to show. */
@FunctionalInterface
public interface ImportProgress {
    void report(int percent, String message);

    ImportProgress NONE = (percent, message) -> {
    };
}
