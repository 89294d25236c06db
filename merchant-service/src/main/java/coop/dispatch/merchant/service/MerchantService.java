package coop.dispatch.merchant.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import coop.dispatch.commons.geo.Location;
import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.commons.security.Passwords;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.commons.security.TokenIssuer;
import coop.dispatch.merchant.ApiClient;
import coop.dispatch.merchant.Merchant;
import coop.dispatch.merchant.Store;
import coop.dispatch.merchant.TimeSlot;
import coop.dispatch.merchant.config.MerchantConfig;
import coop.dispatch.merchant.geocoding.AddressGeocoder;
import coop.dispatch.merchant.geocoding.GeocodedAddress;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Merchants (each in one configured city, with its store and time slots), their API clients, and the exchange of
 * client credentials for an access token.
 */
@ApplicationScoped
public class MerchantService {
    public static final String MERCHANT_CLAIM = "merchant_id";
    public static final String CLIENT_CLAIM = "client_id";

    /** More clients than any coop has: past it the cache starts afresh rather than grow. */
    private static final int MAX_CACHED_CLIENTS = 10_000;

    private final TokenIssuer tokens;
    private final Event<ClientRevoked> revoked;
    private final Duration checkCacheTtl;
    private final Clock clock = Clock.systemUTC();
    /** Every merchant request checks its client; clients are revoked rarely, so the answer is kept briefly. */
    private final ConcurrentHashMap<String, ClientCheck> checked = new ConcurrentHashMap<>();
    /** Counts committed revocations, so that a check read before one commits is not cached after it. */
    private final AtomicLong revocations = new AtomicLong();

    private final CityDirectory cities;
    private final AddressGeocoder geocoder;
    private final ObjectMapper json;
    /** A merchant's city never changes, so it is read once per merchant and instance (every create needs it). */
    private final ConcurrentHashMap<UUID, String> cityCache = new ConcurrentHashMap<>();

    public MerchantService(TokenIssuer tokens, Event<ClientRevoked> revoked, MerchantConfig.ApiClients config,
                           CityDirectory cities, AddressGeocoder geocoder, ObjectMapper json) {
        this.tokens = tokens;
        this.revoked = revoked;
        this.checkCacheTtl = config.checkCacheTtl();
        this.cities = cities;
        this.geocoder = geocoder;
        this.json = json;
    }

    record ClientRevoked(String clientId) {
    }

    /** The client's merchant, or null if the client is unknown or revoked, as read at {@code checkedAt}. */
    private record ClientCheck(UUID merchantId, Instant checkedAt) {
    }

    /** A merchant of the default city, with no store and no time slots yet. */
    @Transactional
    public Merchant createMerchant(String name) {
        return createMerchant(name, null, null, null).merchant();
    }

    /**
     * Creates a merchant in a configured city (null: the default one), with its store and time slots if given. Every
     * part is checked (and the store geocoded) before anything is stored: a refusal leaves nothing behind.
     */
    public MerchantSetup createMerchant(String name, String city, StoreInput store, List<TimeSlotInput> slots) {
        String key = cities.key("city", city);
        Store s = store == null ? null : newStore(null, store, key);
        List<TimeSlot> ts = slots == null ? List.of() : newTimeSlots(null, slots);
        return QuarkusTransaction.joiningExisting().call(() -> {
            Merchant m = new Merchant();
            m.id = UUID.randomUUID();
            m.name = name.strip();
            m.city = key;
            m.createdAt = clock.instant();
            m.persist();
            if (s != null) {
                s.merchantId = m.id;
                s.persist();
            }
            for (TimeSlot t : ts) {
                t.merchantId = m.id;
                t.persist();
            }
            return new MerchantSetup(m, s, ts);
        });
    }

    /** A merchant with its store (null if none) and time slots, the first being the store's default. */
    public record MerchantSetup(Merchant merchant, Store store, List<TimeSlot> timeSlots) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public MerchantSetup setup(UUID id) {
        return new MerchantSetup(merchant(id), Store.findById(id), timeSlots(id));
    }

    /** The city key of a merchant: read from the database once per merchant, then from memory. */
    public String cityOf(UUID merchant) {
        String city = cityCache.get(merchant);
        if (city == null) {
            city = QuarkusTransaction.joiningExisting().call(() -> merchant(merchant).city);
            if (cityCache.size() >= MAX_CACHED_CLIENTS) {
                cityCache.clear();
            }
            cityCache.put(merchant, city);
        }
        return city;
    }

    /** The name a coordinator gave an API client (CoopCycle's ApiApp name). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String clientName(String clientId) {
        ApiClient c = clientId == null ? null : ApiClient.findById(clientId);
        return c == null ? null : c.name;
    }

    /** Sets or replaces a merchant's store; an address without a location is geocoded in the merchant's city. */
    public Store setStore(UUID merchantId, StoreInput input) {
        Store s = newStore(merchantId, input, cityOf(merchantId));
        return QuarkusTransaction.joiningExisting().call(() -> {
            Store existing = Store.findById(merchantId);
            if (existing == null) {
                s.persist();
                return s;
            }
            existing.name = s.name;
            existing.address = s.address;
            existing.lat = s.lat;
            existing.lon = s.lon;
            existing.telephone = s.telephone;
            existing.updatedAt = s.updatedAt;
            return existing;
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Store store(UUID merchantId) {
        return Store.findById(merchantId);
    }

    /** Replaces a merchant's time slots (an empty list removes them: any future window is then accepted). */
    public List<TimeSlot> setTimeSlots(UUID merchantId, List<TimeSlotInput> slots) {
        merchant(merchantId);
        List<TimeSlot> ts = newTimeSlots(merchantId, slots);
        return QuarkusTransaction.joiningExisting().call(() -> {
            TimeSlot.delete("merchantId", merchantId);
            ts.forEach(t -> t.persist());
            return ts;
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<TimeSlot> timeSlots(UUID merchantId) {
        return TimeSlot.list("merchantId", Sort.by("position"), merchantId);
    }

    /** The rules of a stored time slot. */
    public TimeSlotRules rules(TimeSlot t) {
        List<TimeSlotRules.RawHours> raw = openingHours(t);
        return TimeSlotRules.parse("timeSlot", t.name, t.intervalMinutes + " minutes",
                t.priorNoticeMinutes + " minutes", raw, new ArrayList<>());
    }

    public List<TimeSlotRules.RawHours> openingHours(TimeSlot t) {
        try {
            return json.readValue(t.openingHours, new TypeReference<>() {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored opening hours are not JSON", e);
        }
    }

    private Store newStore(UUID merchantId, StoreInput input, String city) {
        Location location = input.location();
        if (location == null) {
            GeocodedAddress found = geocoder.resolve("store.address", input.address(), city);
            location = found.location();
        }
        Store s = new Store();
        s.merchantId = merchantId;
        s.name = input.name().strip();
        s.address = input.address().strip();
        s.lat = location.lat();
        s.lon = location.lon();
        s.telephone = input.telephone() == null || input.telephone().isBlank() ? null : input.telephone().strip();
        s.updatedAt = clock.instant();
        return s;
    }

    private List<TimeSlot> newTimeSlots(UUID merchantId, List<TimeSlotInput> slots) {
        List<Problem.Violation> problems = new ArrayList<>();
        List<TimeSlot> out = new ArrayList<>();
        if (slots.size() > 20) {
            problems.add(new Problem.Violation("timeSlots", "at most 20 time slots"));
        }
        for (int i = 0; i < slots.size() && problems.isEmpty(); i++) {
            TimeSlotInput in = slots.get(i);
            String field = "timeSlots[" + i + "]";
            if (in == null) {
                problems.add(new Problem.Violation(field, "must not be null"));
                continue;
            }
            TimeSlotRules rules = TimeSlotRules.parse(field, in.name(), in.interval(), in.priorNotice(),
                    in.openingHoursSpecification(), problems);
            if (rules == null) {
                continue;
            }
            TimeSlot t = new TimeSlot();
            t.id = UUID.randomUUID();
            t.merchantId = merchantId;
            t.position = i;
            t.name = rules.name();
            t.intervalMinutes = (int) rules.interval().toMinutes();
            t.priorNoticeMinutes = (int) rules.priorNotice().toMinutes();
            List<Map<String, Object>> hours = new ArrayList<>();
            for (TimeSlotRules.Hours h : rules.hours()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("opens", h.opens().toString());
                entry.put("closes", h.closes().toString());
                entry.put("dayOfWeek", h.days().stream().map(TimeSlotRules::dayName).toList());
                hours.add(entry);
            }
            try {
                t.openingHours = json.writeValueAsString(hours);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            t.createdAt = clock.instant();
            out.add(t);
        }
        if (!problems.isEmpty()) {
            throw ApiException.listing(400, "Invalid request", problems);
        }
        return out;
    }

    /** A store as a coordinator sets it: without a location, the address is geocoded in the merchant's city. */
    public record StoreInput(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 500) String address,
                             @Valid Location location, @Size(max = 40) String telephone) {
    }

    /** CoopCycle's TimeSlot as a coordinator writes it; interval defaults to "2 days", priorNotice to none. */
    public record TimeSlotInput(String name, String interval, String priorNotice,
                                List<TimeSlotRules.RawHours> openingHoursSpecification) {
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Merchant> merchants() {
        return Merchant.listAll(Sort.by("createdAt"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Merchant merchant(UUID id) {
        Merchant m = Merchant.findById(id);
        if (m == null) {
            throw ApiException.notFound("Merchant", id);
        }
        return m;
    }

    /** Creates credentials; the secret is returned here once and never again. */
    @Transactional
    public NewClient createClient(UUID merchantId, String name) {
        merchant(merchantId);
        String secret = Passwords.randomSecret(32);
        ApiClient c = new ApiClient();
        c.clientId = "mc_" + HexFormat.of().formatHex(Passwords.randomBytes(12));
        c.merchantId = merchantId;
        c.name = name.strip();
        c.secretHash = Passwords.hash(secret);
        c.createdAt = clock.instant();
        c.persist();
        return new NewClient(c, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ApiClient> clients(UUID merchantId) {
        merchant(merchantId);
        return ApiClient.list("merchantId", Sort.by("createdAt"), merchantId);
    }

    @Transactional
    public ApiClient revoke(UUID merchantId, String clientId) {
        ApiClient c = ApiClient.findById(clientId);
        if (c == null || !c.merchantId.equals(merchantId)) {
            throw ApiException.notFound("API client", clientId);
        }
        if (c.revokedAt == null) {
            c.revokedAt = clock.instant();
            revoked.fire(new ClientRevoked(clientId));
        }
        return c;
    }

    /** OAuth2 client_credentials: a token for a known, unrevoked client with the right secret; else null. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TokenIssuer.IssuedToken token(String clientId, String secret) {
        ApiClient c = clientId == null ? null : ApiClient.findById(clientId);
        boolean secretMatches = Passwords.matches(secret, c == null ? null : c.secretHash);
        if (!secretMatches || !c.active()) {
            return null;
        }
        return tokens.issue(c.merchantId.toString(), c.clientId, Set.of(Roles.MERCHANT),
                Map.of(MERCHANT_CLAIM, c.merchantId.toString(), CLIENT_CLAIM, c.clientId));
    }

    /**
     * The merchant a token acts for, refusing tokens of clients revoked since they were issued. The answer is read
     * from the database at most once per {@code coop.api-clients.check-cache-ttl} and client; a revocation made here
     * applies at once (the cached answer is dropped when it commits).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public UUID activeMerchant(String clientId) {
        if (clientId == null) {
            throw ApiException.unauthorized("The API client of this token was revoked");
        }
        Instant now = clock.instant();
        ClientCheck check = checked.get(clientId);
        // Past its time, one request re-reads the client (it wins the replace); the others keep the answer they have.
        if (check == null || !check.checkedAt().plus(checkCacheTtl).isAfter(now)
                && checked.replace(clientId, check, new ClientCheck(check.merchantId(), now))) {
            long revocationsBefore = revocations.get();
            ApiClient c = ApiClient.findById(clientId);
            check = new ClientCheck(c == null || !c.active() ? null : c.merchantId, now);
            if (checked.size() >= MAX_CACHED_CLIENTS) {
                checked.clear();
            }
            checked.put(clientId, check);
            if (revocations.get() != revocationsBefore) {
                checked.remove(clientId, check); // read before a revocation that has committed since
            }
        }
        if (check.merchantId() == null) {
            throw ApiException.unauthorized("The API client of this token was revoked");
        }
        return check.merchantId();
    }

    void afterRevocation(@Observes(during = TransactionPhase.AFTER_SUCCESS) ClientRevoked event) {
        revocations.incrementAndGet();
        checked.remove(event.clientId());
    }

    public record NewClient(ApiClient client, String secret) {
    }
}
