package coop.dispatch.merchant.rest.coopcycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.geocoder.AddressText;
import coop.dispatch.merchant.DeliveryStatus;
import coop.dispatch.merchant.Store;
import coop.dispatch.merchant.TimeSlot;
import coop.dispatch.merchant.geocoding.AddressGeocoder;
import coop.dispatch.merchant.rest.ApiExamples;
import coop.dispatch.merchant.rest.DeliveryRequest;
import coop.dispatch.merchant.rest.DeliveryResource;
import coop.dispatch.merchant.rest.DeliveryView;
import coop.dispatch.merchant.service.CityDirectory;
import coop.dispatch.merchant.service.DeliveryRequests;
import coop.dispatch.merchant.service.DeliveryService;
import coop.dispatch.merchant.service.MerchantService;
import coop.dispatch.merchant.service.TimeSlotRules;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CoopCycle's {@code POST /api/deliveries} and {@code GET /api/deliveries/{id}}, so that shops using CoopCycle's
 * WooCommerce or PrestaShop plugin or its PHP SDK switch by changing the base URL. The body is mapped onto the native
 * request and goes through the same checks, zones, pricing, idempotency and events.
 *
 * <p>Addresses need no coordinates: without {@code latLng} they are geocoded in the merchant's city (a 422 naming the
 * address and the closest candidates if the map does not have it). A pickup without an address is the merchant's
 * store. Times are read in the city's time zone: ISO 8601 (with or without offset), "YYYY-MM-DD HH:mm",
 * "today 13:00", "tomorrow 9:30"; {@code timeSlot} as "YYYY-MM-DD HH:mm-HH:mm" or an ISO 8601 interval, and it must
 * lie within one of the store's time slots (opening hours, prior notice, interval) when the store has any.
 */
@Path("/api/deliveries")
@Tag(name = "CoopCycle compatibility")
@SecurityRequirement(name = "SecurityScheme")
@RolesAllowed(Roles.MERCHANT)
@Produces({JsonLd.MEDIA_TYPE, "application/json"})
public class CoopCycleDeliveries {
    /** CoopCycle's "2019-12-12 10:00-11:00" time slots, in the city's local time. */
    private static final Pattern SLOT = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})[ T](\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");
    /** The SDK's relative times: "today 13:00", "tomorrow at 9:30". */
    private static final Pattern PHRASE = Pattern.compile("(?i)(today|tomorrow)\\s+(?:at\\s+)?(\\d{1,2}:\\d{2})");
    private static final int MAX_NOTES = 1000;

    private final DeliveryRequests requests;
    private final DeliveryService deliveries;
    private final MerchantService merchants;
    private final CityDirectory cities;
    private final AddressGeocoder geocoder;
    private final Validator validator;
    private final JsonWebToken token;
    private final ObjectMapper json;
    /** Writes a body with its keys sorted: the same order twice is the same request, whatever the key order. */
    private final ObjectMapper canonical;
    private final Duration slotGrace;
    private final Clock clock = Clock.systemUTC();

    public CoopCycleDeliveries(DeliveryRequests requests, DeliveryService deliveries, MerchantService merchants,
                               CityDirectory cities, AddressGeocoder geocoder, Validator validator, JsonWebToken token, ObjectMapper json,
                               @ConfigProperty(name = "coop.coopcycle.time-slot-grace") Duration slotGrace) {
        this.requests = requests;
        this.deliveries = deliveries;
        this.merchants = merchants;
        this.cities = cities;
        this.geocoder = geocoder;
        this.validator = validator;
        this.token = token;
        this.json = json;
        this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
        this.slotGrace = slotGrace;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Create a delivery from a CoopCycle-shaped body (WooCommerce, PrestaShop, PHP SDK)",
            description = "pickup/dropoff: address as a string or {streetAddress, latLng? [lat, lng], telephone, "
                    + "contactName, description}; without latLng it is geocoded in your city; no pickup address = "
                    + "your store. before/after (ISO 8601, 'YYYY-MM-DD HH:mm', 'today 13:00', 'tomorrow 9:30') or "
                    + "timeSlot ('YYYY-MM-DD HH:mm-HH:mm' or an ISO 8601 interval) in your city's time zone, checked "
                    + "against your store's time slots; comments; weight (grams) and packages [{type, quantity}]. "
                    + "Idempotency-Key is honoured.")
    @RequestBody(content = @Content(mediaType = JsonLd.MEDIA_TYPE,
            examples = @ExampleObject(name = "WooCommerce order", value = ApiExamples.COOPCYCLE_REQUEST)))
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = JsonLd.MEDIA_TYPE,
            examples = @ExampleObject(name = "delivery", value = ApiExamples.COOPCYCLE_CREATED)))
    @APIResponse(responseCode = "422", description = "An address not found (with candidates), a time slot outside "
            + "the store's, no zone covering the addresses", content = @Content(mediaType = JsonLd.MEDIA_TYPE,
            examples = @ExampleObject(name = "hydra:Error", value = ApiExamples.COOPCYCLE_ERROR)))
    public Response create(String body, @HeaderParam(DeliveryResource.IDEMPOTENCY_KEY) String idempotencyKey) {
        JsonNode root = tasksAsPickupAndDropoff(JsonLd.object(json, body));
        UUID merchant = merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
        String city = merchants.cityOf(merchant);
        ZoneId zone = cities.timeZone(city);
        // A retry is answered before anything is read anew: its addresses geocoded again, "today 13:00" or its time
        // slot checked against a later clock, it could otherwise be refused or differ from the delivery it repeats.
        String requestHash = idempotencyKey == null ? null : hashOf(root);
        if (idempotencyKey != null) {
            Optional<DeliveryService.Created> replay = requests.replay(merchant, idempotencyKey, requestHash);
            if (replay.isPresent()) {
                DeliveryLd answer = DeliveryLd.of(replay.get().delivery(), zone);
                return Response.ok(answer).header(DeliveryResource.REPLAYED, "true")
                        .location(URI.create(answer.iri())).build();
            }
        }
        Instant now = clock.instant();
        List<Problem.Violation> problems = new ArrayList<>();
        Task pickup = task("pickup", root.get("pickup"), zone, now, problems);
        Task dropoff = task("dropoff", root.get("dropoff"), zone, now, problems);
        Integer weight = intOf(root.path("dropoff").path("weight"), intOf(root.path("pickup").path("weight"),
                intOf(root.path("weight"), null)));
        List<DeliveryRequest.Package> packages = packages(root, problems);
        // The store is the pickup when the pickup has no position of its own (read once).
        Store store = pickup != null && pickup.location() == null ? merchants.store(merchant) : null;
        if (pickup != null && dropoff != null && pickup.address == null && pickup.location == null && store == null) {
            problems.add(new Problem.Violation("pickup.address", "is required: your store's address is not set up "
                    + "yet (the coop sets it), so the pickup must be given"));
        }
        refuseIfAny(400, "Invalid request", problems);
        checkTimeSlots(merchant, zone, now, pickup, dropoff);

        DeliveryRequest request = new DeliveryRequest(locate(city, "pickup", pickup, store, problems),
                locate(city, "dropoff", dropoff, null, problems), new DeliveryRequest.Parcel(weight, null,
                packages), JsonLd.text(root.get("reference")));
        refuseIfAny(422, "Address not found", problems);
        for (ConstraintViolation<DeliveryRequest> v : validator.validate(request)) {
            problems.add(new Problem.Violation(coopCycleField(v.getPropertyPath().toString()), v.getMessage()));
        }
        refuseIfAny(400, "Invalid request", problems);

        DeliveryService.Created created = requests.create(merchant, request, idempotencyKey, requestHash,
                token.getRawToken());
        DeliveryLd answer = DeliveryLd.of(created.delivery(), zone);
        URI location = URI.create(answer.iri());
        return (created.replayed() ? Response.ok(answer).header(DeliveryResource.REPLAYED, "true")
                : Response.status(Response.Status.CREATED).entity(answer)).location(location).build();
    }

    /** The CoopCycle body as sent (keys sorted), marked so that it never equals the hash of a native request. */
    private String hashOf(JsonNode root) {
        try {
            return DeliveryRequests.sha256("coopcycle:" + canonical.writeValueAsString(
                    canonical.treeToValue(root, Object.class)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of your deliveries, in CoopCycle's shape")
    public DeliveryLd get(@PathParam("id") String id) {
        UUID merchant = merchants.activeMerchant(token.getClaim(MerchantService.CLIENT_CLAIM));
        UUID deliveryId;
        try {
            deliveryId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("Delivery", id);
        }
        return DeliveryLd.of(deliveries.get(merchant, deliveryId), cities.timeZone(merchants.cityOf(merchant)));
    }

    /**
     * CoopCycle's other form, {"tasks": [{"type": "pickup", ...}, {"type": "dropoff", ...}]}, as pickup and dropoff;
     * one of each (a delivery here has one pickup and one dropoff).
     */
    private JsonNode tasksAsPickupAndDropoff(JsonNode root) {
        JsonNode tasks = root.get("tasks");
        if (tasks == null || tasks.isNull() || root.has("pickup") || root.has("dropoff")) {
            return root;
        }
        List<Problem.Violation> problems = new ArrayList<>();
        com.fasterxml.jackson.databind.node.ObjectNode out = root.deepCopy();
        out.remove("tasks");
        if (!tasks.isArray()) {
            problems.add(new Problem.Violation("tasks", "must be an array of tasks with a type"));
        } else {
            for (int i = 0; i < tasks.size(); i++) {
                String type = JsonLd.text(tasks.get(i).get("type"));
                String name = type == null ? null : type.toLowerCase(Locale.ROOT);
                if (!"pickup".equals(name) && !"dropoff".equals(name)) {
                    problems.add(new Problem.Violation("tasks[" + i + "].type", "must be pickup or dropoff"));
                } else if (out.has(name)) {
                    problems.add(new Problem.Violation("tasks[" + i + "]", "one " + name + " per delivery here; "
                            + "send one delivery per dropoff"));
                } else {
                    out.set(name, tasks.get(i));
                }
            }
        }
        refuseIfAny(400, "Invalid request", problems);
        return out;
    }

    /** A task as sent: the address text and position (either may be missing), who, notes, and when. */
    private record Task(String address, Location location, String contactName, String phone, String notes,
                        Instant after, Instant before, ZonedDateTime[] slot) {
    }

    private static Task task(String name, JsonNode task, ZoneId zone, Instant now, List<Problem.Violation> problems) {
        if (task == null || task.isNull() || task.isMissingNode()) {
            if (name.equals("pickup")) {
                return new Task(null, null, null, null, null, null, null, null); // the store
            }
            problems.add(new Problem.Violation(name, "is required"));
            return null;
        }
        if (!task.isObject()) {
            problems.add(new Problem.Violation(name, "must be an object"));
            return null;
        }
        JsonNode address = task.get("address");
        String street = null;
        Location location = null;
        String phone = JsonLd.text(task.get("telephone"));
        String contact = JsonLd.text(task.get("contactName"));
        List<String> notes = new ArrayList<>();
        if (address != null && address.isTextual()) {
            street = JsonLd.text(address);
        } else if (address != null && address.isObject()) {
            street = JsonLd.text(address.get("streetAddress"));
            JsonNode latLng = address.get("latLng");
            if (latLng != null && !latLng.isNull()) {
                if (!latLng.isArray() || latLng.size() != 2 || !latLng.get(0).isNumber()
                        || !latLng.get(1).isNumber()) {
                    problems.add(new Problem.Violation(name + ".address.latLng", "must be [lat, lng]"));
                } else {
                    location = new Location(latLng.get(0).asDouble(), latLng.get(1).asDouble());
                }
            }
            if (street == null) {
                problems.add(new Problem.Violation(name + ".address.streetAddress", "is required"));
            }
            phone = phone != null ? phone : JsonLd.text(address.get("telephone"));
            contact = contact != null ? contact : JsonLd.text(address.get("contactName"));
            contact = contact != null ? contact : JsonLd.text(address.get("name"));
            addIfPresent(notes, JsonLd.text(address.get("description")));
        } else if (address != null && !address.isNull()) {
            problems.add(new Problem.Violation(name + ".address", "must be a string or {streetAddress, ...}"));
        } else if (name.equals("dropoff")) {
            problems.add(new Problem.Violation("dropoff.address", "is required"));
        }
        addIfPresent(notes, JsonLd.text(task.get("description")));
        addIfPresent(notes, JsonLd.text(task.get("comments")));
        Instant after = instant(name + ".after", first(task, "after", "doneAfter"), zone, now, problems);
        Instant before = instant(name + ".before", first(task, "before", "doneBefore"), zone, now, problems);
        ZonedDateTime[] slot = null;
        String slotText = JsonLd.text(task.get("timeSlot"));
        if (slotText != null) {
            slot = slot(name + ".timeSlot", slotText, zone, now, problems);
            if (slot != null) {
                after = slot[0].toInstant();
                before = slot[1].toInstant();
            }
        }
        String joined = notes.isEmpty() ? null : String.join("\n", notes);
        if (joined != null && joined.length() > MAX_NOTES) {
            joined = joined.substring(0, MAX_NOTES - 1) + "…"; // a long order summary must not refuse the order
        }
        return new Task(street, location, contact, phone, joined, after, before, slot);
    }

    private static JsonNode first(JsonNode task, String name, String alias) {
        JsonNode v = task.get(name);
        return v == null || v.isNull() ? task.get(alias) : v;
    }

    /** The store's time slots, when it has any: a requested timeSlot must be within one of them. */
    private void checkTimeSlots(UUID merchant, ZoneId zone, Instant now, Task... tasks) {
        List<TimeSlot> slots = null;
        List<Problem.Violation> problems = new ArrayList<>();
        String[] names = {"pickup", "dropoff"};
        for (int i = 0; i < tasks.length; i++) {
            if (tasks[i] == null || tasks[i].slot() == null) {
                continue;
            }
            if (slots == null) {
                slots = merchants.timeSlots(merchant);
            }
            String refusal = null;
            for (TimeSlot t : slots) {
                String why = merchants.rules(t).refusal(tasks[i].slot()[0], tasks[i].slot()[1], now, zone, slotGrace);
                if (why == null) {
                    refusal = null;
                    break;
                }
                refusal = refusal == null ? why : refusal;
            }
            if (refusal != null) {
                problems.add(new Problem.Violation(names[i] + ".timeSlot", refusal));
            }
        }
        refuseIfAny(422, "Time slot not available", problems);
    }

    /** The stop with its position: as sent, the store's (a pickup's {@code store}), or geocoded in the city. */
    private DeliveryRequest.Stop locate(String city, String name, Task t, Store store,
                                        List<Problem.Violation> problems) {
        String address = t.address();
        Location location = t.location();
        String contact = t.contactName();
        String phone = t.phone();
        if (location == null) {
            if (store != null && (address == null || sameAddress(address, store.address))) {
                address = store.address;
                location = new Location(store.lat, store.lon);
                contact = contact != null ? contact : store.name;
                phone = phone != null ? phone : store.telephone;
            } else if (address != null) {
                try {
                    location = geocoder.resolve(name + ".address", address, city).location();
                } catch (ApiException e) {
                    if (e.status() >= 500) {
                        throw e;
                    }
                    problems.add(new Problem.Violation(name + ".address", e.getMessage()));
                    e.violations().stream().filter(v -> !v.message().equals(e.getMessage()))
                            .forEach(problems::add);
                }
            }
        }
        return new DeliveryRequest.Stop(address, location, contact, phone, t.notes(), t.after(), t.before());
    }

    /**
     * The shop's own address as its plugin writes it ("Plöck 55, 69117 Heidelberg" vs "Plöck 55 69117 …"): compared
     * as the geocoder compares text (case, diacritics and punctuation aside).
     */
    static boolean sameAddress(String a, String b) {
        return AddressText.fold(a).equals(AddressText.fold(b));
    }

    private static List<DeliveryRequest.Package> packages(JsonNode body, List<Problem.Violation> problems) {
        List<DeliveryRequest.Package> packages = new ArrayList<>();
        for (String where : new String[]{"pickup", "dropoff"}) {
            JsonNode list = body.path(where).path("packages");
            if (list.isMissingNode() || list.isNull()) {
                continue;
            }
            if (!list.isArray()) {
                problems.add(new Problem.Violation(where + ".packages", "must be an array of {type, quantity}"));
                continue;
            }
            for (JsonNode p : list) {
                packages.add(new DeliveryRequest.Package(JsonLd.text(p.get("type")), intOf(p.get("quantity"), 1)));
            }
        }
        return packages.isEmpty() ? null : packages;
    }

    private static ZonedDateTime[] slot(String field, String slot, ZoneId zone, Instant now,
                                        List<Problem.Violation> problems) {
        try {
            int slash = slot.indexOf('/');
            if (slash > 0) {
                ZonedDateTime start = zoned(slot.substring(0, slash), zone, now);
                String second = slot.substring(slash + 1).strip();
                ZonedDateTime end = second.startsWith("P") || second.startsWith("p")
                        ? start.plus(Duration.parse(second.toUpperCase(Locale.ROOT))) : zoned(second, zone, now);
                if (start != null && end != null) {
                    return new ZonedDateTime[]{start, end};
                }
            }
            Matcher m = SLOT.matcher(slot.strip());
            if (m.matches()) {
                LocalDate day = LocalDate.parse(m.group(1));
                return new ZonedDateTime[]{day.atTime(clock(m.group(2))).atZone(zone),
                        day.atTime(clock(m.group(3))).atZone(zone)};
            }
        } catch (DateTimeException | ArithmeticException e) {
            // reported below
        }
        problems.add(new Problem.Violation(field, "must be 'YYYY-MM-DD HH:mm-HH:mm' or an ISO 8601 interval "
                + "(start/end or start/duration)"));
        return null;
    }

    private static LocalTime clock(String hhmm) {
        LocalTime t = TimeSlotRules.clock(hhmm);
        if (t == null) {
            throw new DateTimeException("not a time: " + hhmm);
        }
        return t;
    }

    private static Instant instant(String field, JsonNode value, ZoneId zone, Instant now,
                                   List<Problem.Violation> problems) {
        String text = JsonLd.text(value);
        if (text == null) {
            return null;
        }
        ZonedDateTime t = null;
        try {
            t = zoned(text, zone, now);
        } catch (DateTimeException e) {
            // reported below
        }
        if (t == null) {
            problems.add(new Problem.Violation(field, "must be an ISO 8601 date-time (e.g. 2030-01-01T10:00:00+01:00"
                    + "), 'YYYY-MM-DD HH:mm' or 'today 13:00' / 'tomorrow 9:30' (local time)"));
            return null;
        }
        return t.toInstant();
    }

    /** An ISO 8601 date-time, "YYYY-MM-DD HH:mm" or "today/tomorrow HH:mm" (local times in {@code zone}). */
    static ZonedDateTime zoned(String text, ZoneId zone, Instant now) {
        String t = text.strip();
        Matcher phrase = PHRASE.matcher(t);
        if (phrase.matches()) {
            LocalDate today = now.atZone(zone).toLocalDate();
            LocalDate day = phrase.group(1).equalsIgnoreCase("today") ? today : today.plusDays(1);
            return day.atTime(clock(phrase.group(2))).atZone(zone);
        }
        String iso = t.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) ", "$1T");
        try {
            return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).atZoneSameInstant(zone);
        } catch (DateTimeException e) {
            return LocalDateTime.parse(iso).atZone(zone);
        }
    }

    private static String coopCycleField(String path) {
        return path.replace(".location.lat", ".address.latLng[0]").replace(".location.lon", ".address.latLng[1]")
                .replace(".location", ".address.latLng").replace(".address", ".address.streetAddress")
                .replace(".address.streetAddress.latLng", ".address.latLng")
                .replace("parcel.weightGrams", "dropoff.weight").replace("parcel.packages", "dropoff.packages")
                .replace(".phone", ".address.telephone").replace(".contactName", ".address.contactName")
                .replace(".notes", ".comments");
    }

    private static void refuseIfAny(int status, String title, List<Problem.Violation> problems) {
        if (!problems.isEmpty()) {
            problems.sort(Comparator.comparing(Problem.Violation::field));
            throw ApiException.listing(status, title, problems);
        }
    }

    private static void addIfPresent(List<String> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(value);
        }
    }

    private static Integer intOf(JsonNode node, Integer otherwise) {
        return node == null || !node.isNumber() ? otherwise : Integer.valueOf(node.asInt());
    }

    /** CoopCycle's Delivery (a schema.org ParcelDelivery): its @id, the two tasks with their ids, the tracking link. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DeliveryLd(@JsonProperty("@context") String context, @JsonProperty("@id") String iri,
                             @JsonProperty("@type") String type, UUID id, String status, TaskLd pickup,
                             TaskLd dropoff, List<TaskLd> tasks, String trackingUrl, Long priceCents,
                             String pricingVersion) {
        static DeliveryLd of(DeliveryView d, ZoneId zone) {
            TaskLd pickup = TaskLd.of(d, "PICKUP", d.pickup(), zone);
            TaskLd dropoff = TaskLd.of(d, "DROPOFF", d.dropoff(), zone);
            return new DeliveryLd("/api/contexts/Delivery", "/api/deliveries/" + d.id(),
                    "http://schema.org/ParcelDelivery", d.id(), d.status().name(), pickup, dropoff, List.of(pickup, dropoff), d.trackingUrl(),
                    d.price().amountCents(), d.price().policyVersion());
        }
    }

    /** A task: CoopCycle's shop plugins keep {@code dropoff.id}; status TODO, DOING, DONE, FAILED or CANCELLED. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TaskLd(@JsonProperty("@id") String iri, String id, @JsonProperty("@type") String ldType,
                         String type, String status, Address address, OffsetDateTime after, OffsetDateTime before,
                         OffsetDateTime doneAfter, OffsetDateTime doneBefore, String comments) {
        static TaskLd of(DeliveryView d, String type, DeliveryView.StopView s, ZoneId zone) {
            String iri = "/api/tasks/" + d.id() + "-" + type.toLowerCase(Locale.ROOT);
            OffsetDateTime after = local(s.after(), zone);
            OffsetDateTime before = local(s.before(), zone);
            return new TaskLd(iri, iri, "Task", type, status(d.status(), type.equals("PICKUP")),
                    Address.of(s.address(), s.location().lat(), s.location().lon(), s.phone(), s.contactName()),
                    after, before, after, before, s.notes());
        }

        private static OffsetDateTime local(Instant t, ZoneId zone) {
            return t == null ? null : t.atZone(zone).toOffsetDateTime();
        }

        private static String status(DeliveryStatus s, boolean pickup) {
            return switch (s) {
                case REQUESTED, ASSIGNED, UNASSIGNABLE -> "TODO";
                case PICKED_UP -> pickup ? "DONE" : "DOING";
                case DELIVERED -> "DONE";
                case FAILED -> pickup ? "DONE" : "FAILED";
                case CANCELLED -> "CANCELLED";
            };
        }
    }

    /** A schema.org Place, with the position both ways CoopCycle gives it: latLng [lat, lng] and geo. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Address(@JsonProperty("@type") String type, String streetAddress, List<Double> latLng, Geo geo,
                          String telephone, String contactName) {
        static Address of(String streetAddress, double lat, double lon, String telephone, String contactName) {
            return new Address("http://schema.org/Place", streetAddress, List.of(lat, lon),
                    new Geo("GeoCoordinates", lat, lon), telephone, contactName);
        }
    }

    public record Geo(@JsonProperty("@type") String type, double latitude, double longitude) {
    }
}
