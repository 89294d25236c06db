package coop.dispatch.merchant.rest;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.merchant.Delivery;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.DeliveryStatusChange;
import coop.dispatch.merchant.Merchant;
import coop.dispatch.merchant.config.MerchantConfig;
import coop.dispatch.merchant.service.DeliveryService;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The end customer's tracking page: public, reached only through the unguessable token in the tracking link. It
 * shows the status, an arrival estimate and the history; never the rider's identity, and the courier's position only
 * while the parcel is on its way to this customer (PICKED_UP) and only if known (from rider-service's location events).
 */
@Path("/track")
@Tag(name = "Tracking (public)")
@PermitAll
public class TrackingResource {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", Locale.ENGLISH);
    private static final ZoneId DISPLAY_ZONE = ZoneId.of("Europe/Berlin");

    private final DeliveryService deliveries;
    private final MerchantConfig.Deliveries config;

    public TrackingResource(DeliveryService deliveries, MerchantConfig.Deliveries config) {
        this.deliveries = deliveries;
        this.config = config;
    }

    @GET
    @Path("{token: [A-Za-z0-9_-]{16,100}}")
    @Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
    @Operation(summary = "Tracking page (HTML; JSON with Accept: application/json)")
    public Response page(@PathParam("token") String token, @HeaderParam("Accept") String accept) {
        TrackingView view = view(token);
        boolean json = accept != null && accept.contains("application/json") && !accept.contains("text/html");
        return json ? Response.ok(view, MediaType.APPLICATION_JSON).build()
                : Response.ok(html(view), MediaType.TEXT_HTML + ";charset=utf-8").build();
    }

    @GET
    @Path("{token: [A-Za-z0-9_-]{16,100}}.json")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Tracking information as JSON")
    public TrackingView json(@PathParam("token") String token) {
        return view(token);
    }

    /** What the end customer may see. {@code courier} is set only while the parcel is on its way to them. */
    public record TrackingView(String status, String statusText, String merchant, String reference,
                               String dropoffAddress, Instant estimatedArrival, Instant deliveredAt, String reason,
                               CourierPosition courier, List<Step> history) {
    }

    public record CourierPosition(double lat, double lon, Instant at) {
    }

    public record Step(String status, String text, Instant at) {
    }

    private TrackingView view(String token) {
        DeliveryService.Tracked tracked = deliveries.track(token)
                .orElseThrow(() -> new ApiException(404, "Not found", "No delivery has this tracking link"));
        Delivery d = tracked.delivery();
        Merchant merchant = Merchant.findById(d.merchantId);
        Instant deliveredAt = at(tracked.history(), DeliveryStatus.DELIVERED);
        return new TrackingView(d.status.name(), text(d.status), merchant == null ? null : merchant.name,
                d.reference, d.dropoffAddress, eta(d, tracked.history()), deliveredAt,
                d.status == DeliveryStatus.FAILED || d.status == DeliveryStatus.CANCELLED ? d.statusReason : null,
                courier(d), tracked.history().stream().map(h -> new Step(h.status.name(), text(h.status), h.at)).toList());
    }

    private static CourierPosition courier(Delivery d) {
        return d.status == DeliveryStatus.PICKED_UP && d.courierLat != null && d.courierLon != null
                ? new CourierPosition(d.courierLat, d.courierLon, d.courierSeenAt) : null;
    }

    /** An estimate from the route duration: pickup lead time while waiting for a rider, then the ride itself. */
    private Instant eta(Delivery d, List<DeliveryStatusChange> history) {
        long ride = d.durationSeconds == null ? 0 : d.durationSeconds;
        Instant now = Instant.now();
        Instant eta = switch (d.status) {
            case PICKED_UP -> {
                Instant pickedUp = at(history, DeliveryStatus.PICKED_UP);
                Instant arrival = (pickedUp == null ? now : pickedUp).plusSeconds(ride);
                yield arrival.isBefore(now) ? now : arrival;
            }
            case REQUESTED, ASSIGNED, UNASSIGNABLE -> {
                Instant pickup = now.plus(config.pickupLeadTime());
                if (d.pickupAfter != null && d.pickupAfter.isAfter(pickup)) {
                    pickup = d.pickupAfter;
                }
                yield pickup.plusSeconds(ride);
            }
            default -> null;
        };
        if (eta != null && d.dropoffAfter != null && d.dropoffAfter.isAfter(eta)) {
            eta = d.dropoffAfter;
        }
        return eta;
    }

    private static Instant at(List<DeliveryStatusChange> history, DeliveryStatus status) {
        return history.stream().filter(h -> h.status == status).map(h -> h.at).findFirst().orElse(null);
    }

    static String text(DeliveryStatus status) {
        return switch (status) {
            case REQUESTED -> "Looking for a rider";
            case ASSIGNED -> "A rider is on the way to pick up your parcel";
            case PICKED_UP -> "Your parcel is on its way to you";
            case DELIVERED -> "Delivered";
            case CANCELLED -> "Cancelled";
            case FAILED -> "Delivery failed";
            case UNASSIGNABLE -> "Still looking for a rider";
        };
    }

    private static String html(TrackingView v) {
        StringBuilder steps = new StringBuilder();
        for (Step s : v.history()) {
            steps.append("<li><span>").append(esc(s.text())).append("</span><time>").append(esc(time(s.at())))
                    .append("</time></li>");
        }
        String eta = v.estimatedArrival() == null ? "" : "<p class=\"eta\">Estimated arrival: <strong>"
                + esc(time(v.estimatedArrival())) + "</strong></p>";
        String delivered = v.deliveredAt() == null ? "" : "<p class=\"eta\">Delivered at <strong>"
                + esc(time(v.deliveredAt())) + "</strong></p>";
        String reason = v.reason() == null ? "" : "<p class=\"reason\">" + esc(v.reason()) + "</p>";
        String courier = v.courier() == null ? "" : "<p class=\"courier\">Your courier was here at "
                + esc(time(v.courier().at())) + ": <a href=\"https://www.openstreetmap.org/?mlat=" + v.courier().lat()
                + "&amp;mlon=" + v.courier().lon() + "#map=17/" + v.courier().lat() + "/" + v.courier().lon()
                + "\">see on the map</a></p>";
        String from = v.merchant() == null ? "" : "<p class=\"from\">From " + esc(v.merchant())
                + (v.reference() == null ? "" : " · " + esc(v.reference())) + "</p>";
        boolean live = List.of("REQUESTED", "ASSIGNED", "PICKED_UP", "UNASSIGNABLE").contains(v.status());
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                %s<title>%s · CoopDispatch</title>
                <style>
                body{font-family:system-ui,-apple-system,sans-serif;margin:0;background:#f4f1ea;color:#222}
                main{max-width:32rem;margin:0 auto;padding:1.25rem}
                h1{font-size:1.5rem;margin:.2rem 0 .6rem}.status{background:#fff;border-radius:12px;padding:1rem;
                box-shadow:0 1px 3px rgba(0,0,0,.1)}.eta{font-size:1.1rem}.from,.to{color:#555;margin:.2rem 0}
                .reason{color:#a33}ol{list-style:none;padding:0}li{display:flex;justify-content:space-between;
                padding:.5rem 0;border-bottom:1px solid #ddd}time{color:#666;white-space:nowrap;margin-left:1rem}
                footer{color:#777;font-size:.8rem;margin-top:1.5rem}
                </style></head><body><main>
                <div class="status"><h1>%s</h1>%s%s%s%s%s<p class="to">To %s</p></div>
                <ol>%s</ol>
                <footer>Delivered by riders of their own cooperative. Times in Europe/Berlin.</footer>
                </main></body></html>
                """.formatted(live ? "<meta http-equiv=\"refresh\" content=\"30\">" : "", esc(v.statusText()),
                esc(v.statusText()), from, eta, delivered, reason, courier, esc(v.dropoffAddress()), steps);
    }

    private static String time(Instant at) {
        return at == null ? "" : TIME.format(at.atZone(DISPLAY_ZONE));
    }

    private static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
