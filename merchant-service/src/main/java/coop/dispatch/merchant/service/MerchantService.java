package coop.dispatch.merchant.service;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Passwords;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.commons.security.TokenIssuer;
import coop.dispatch.merchant.ApiClient;
import coop.dispatch.merchant.Merchant;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Merchants, their API clients, and the exchange of client credentials for an access token. */
@ApplicationScoped
public class MerchantService {
    public static final String MERCHANT_CLAIM = "merchant_id";
    public static final String CLIENT_CLAIM = "client_id";

    private final TokenIssuer tokens;
    private final Clock clock = Clock.systemUTC();

    public MerchantService(TokenIssuer tokens) {
        this.tokens = tokens;
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

    /** The merchant a token acts for, refusing tokens of clients revoked since they were issued. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public UUID activeMerchant(String clientId) {
        ApiClient c = clientId == null ? null : ApiClient.findById(clientId);
        if (c == null || !c.active()) {
            throw ApiException.unauthorized("The API client of this token was revoked");
        }
        return c.merchantId;
    }

    public record NewClient(ApiClient client, String secret) {
    }
}
