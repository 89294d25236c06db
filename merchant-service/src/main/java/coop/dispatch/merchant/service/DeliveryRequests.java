package coop.dispatch.merchant.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.merchant.rest.DeliveryRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The way in for a new delivery or a quote, in the order that wastes least: field checks, an Idempotency-Key replay,
 * the time windows, the service zones, then the route (an HTTP call, made outside any transaction) and the price,
 * and only then the one short transaction that stores everything.
 */
@ApplicationScoped
public class DeliveryRequests {
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final DeliveryService deliveries;
    private final ZoneService zones;
    private final MerchantService merchants;
    private final DeliveryPlanner planner;
    private final ObjectMapper json;
    private final Clock clock = Clock.systemUTC();

    public DeliveryRequests(DeliveryService deliveries, ZoneService zones, MerchantService merchants,
                            DeliveryPlanner planner, ObjectMapper json) {
        this.deliveries = deliveries;
        this.merchants = merchants;
        this.zones = zones;
        this.planner = planner;
        this.json = json;
    }

    public DeliveryService.Created create(UUID merchantId, DeliveryRequest request, String idempotencyKey,
                                          String bearerToken) {
        return create(merchantId, request, idempotencyKey, idempotencyKey == null ? null : hash(request),
                bearerToken);
    }

    /**
     * Creates a delivery whose Idempotency-Key (if any) is stored with {@code requestHash}: the hash of the request as
     * its client sent it, when that is another form than ours (CoopCycle's, whose addresses are geocoded and whose
     * phrases such as "today 13:00" are read anew on a retry).
     */
    public DeliveryService.Created create(UUID merchantId, DeliveryRequest request, String idempotencyKey,
                                          String requestHash, String bearerToken) {
        if (idempotencyKey != null) {
            Optional<DeliveryService.Created> replay = replay(merchantId, idempotencyKey, requestHash);
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        DeliveryPlanner.Plan plan = check(merchantId, request, bearerToken, false);
        return deliveries.create(merchantId, request, plan, idempotencyKey, requestHash);
    }

    /** The delivery an Idempotency-Key already stands for (409 if it was used with another request), if any. */
    public Optional<DeliveryService.Created> replay(UUID merchantId, String idempotencyKey, String requestHash) {
        if (!KEY.matcher(idempotencyKey).matches()) {
            throw new ApiException(400, "Invalid Idempotency-Key", "Idempotency-Key must be 1 to 255 visible "
                    + "ASCII characters (a UUID is a good choice)",
                    List.of(new Problem.Violation("Idempotency-Key", "must be 1 to 255 visible ASCII characters")));
        }
        return deliveries.replay(merchantId, idempotencyKey, requestHash);
    }

    public DeliveryPlanner.Plan quote(UUID merchantId, DeliveryRequest request, String bearerToken) {
        return check(merchantId, request, bearerToken, true);
    }

    private DeliveryPlanner.Plan check(UUID merchantId, DeliveryRequest request, String bearerToken,
                                       boolean routeRequired) {
        DeliveryService.checkTimeWindows(request, clock.instant());
        zones.requireCovered(merchants.cityOf(merchantId), request.pickup().location().toGeoPoint(), request.dropoff().location().toGeoPoint());
        return planner.plan(request, bearerToken, routeRequired);
    }

    /** The request as the API understood it (not its bytes): whitespace or key order do not make a new request. */
    private String hash(DeliveryRequest request) {
        try {
            return sha256(json.writeValueAsString(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hex SHA-256 of a request's canonical text. */
    public static String sha256(String canonical) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
