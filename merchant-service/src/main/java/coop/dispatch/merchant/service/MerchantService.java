package coop.dispatch.merchant.service;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Passwords;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.commons.security.TokenIssuer;
import coop.dispatch.merchant.ApiClient;
import coop.dispatch.merchant.Merchant;
import coop.dispatch.merchant.config.MerchantConfig;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Merchants, their API clients, and the exchange of client credentials for an access token. */
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

    public MerchantService(TokenIssuer tokens, Event<ClientRevoked> revoked, MerchantConfig.ApiClients config) {
        this.tokens = tokens;
        this.revoked = revoked;
        this.checkCacheTtl = config.checkCacheTtl();
    }

    record ClientRevoked(String clientId) {
    }

    /** The client's merchant, or null if the client is unknown or revoked, as read at {@code checkedAt}. */
    private record ClientCheck(UUID merchantId, Instant checkedAt) {
    }

    @Transactional
    public Merchant createMerchant(String name) {
        Merchant m = new Merchant();
        m.id = UUID.randomUUID();
        m.name = name.strip();
        m.createdAt = clock.instant();
        m.persist();
        return m;
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
