package coop.dispatch.rider.rest;

/** What the courier web app reads at start: map tiles (null: no map), currency, how often to send positions. */
public record AppSettings(String tileUrl, String tileAttribution, String currency, long locationIntervalSeconds,
                         int photoMaxBytes) {
}
