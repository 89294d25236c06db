package coop.dispatch.rider.service;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.problem.Problem;
import coop.dispatch.commons.security.Passwords;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.commons.security.TokenIssuer;
import coop.dispatch.contracts.events.Vehicle;
import coop.dispatch.rider.Member;
import coop.dispatch.rider.rest.LoginResponse;
import coop.dispatch.rider.rest.NewMember;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import org.hibernate.exception.ConstraintViolationException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Members of the cooperative, their login, and the check that a token still belongs to an active member. */
@ApplicationScoped
public class MemberService {
    /** Roles a coordinator may give; "merchant" belongs to merchant API clients, never to a member. */
    public static final List<String> MEMBER_ROLES = List.of(Roles.RIDER, Roles.MEMBER, Roles.COORDINATOR);
    public static final List<String> DEFAULT_ROLES = List.of(Roles.RIDER, Roles.MEMBER);

    private final TokenIssuer tokens;
    private final Clock clock = Clock.systemUTC();

    public MemberService(TokenIssuer tokens) {
        this.tokens = tokens;
    }

    @Transactional
    public Member create(NewMember request) {
        List<String> roles = roles(request.roles());
        if (roles.contains(Roles.RIDER) && request.vehicle() == null) {
            throw new ApiException(400, "Invalid request", "vehicle: a rider needs a vehicle",
                    List.of(new Problem.Violation("vehicle", "a rider needs a vehicle")));
        }
        return create(request.username(), request.displayName(), request.password(), roles, request.vehicle());
    }

    /** Creates a member, refusing a username that is taken (whatever its case). */
    @Transactional
    public Member create(String username, String displayName, String password, Collection<String> roles,
                         Vehicle vehicle) {
        String name = normalise(username);
        if (Member.byUsername(name).isPresent()) {
            throw usernameTaken(name);
        }
        Member m = new Member();
        m.id = UUID.randomUUID();
        m.username = name;
        m.displayName = displayName.strip();
        m.passwordHash = Passwords.hash(password);
        m.roles = List.copyOf(roles);
        m.vehicle = vehicle;
        m.active = true;
        m.createdAt = clock.instant();
        try {
            m.persistAndFlush();
        } catch (PersistenceException e) {
            if (isConstraintViolation(e)) {
                // Two coordinators created the same name at the same moment: the unique index decided.
                throw usernameTaken(name);
            }
            throw e;
        }
        return m;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(String username) {
        return Member.byUsername(normalise(username)).isPresent();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Member> members() {
        return Member.listAll(Sort.by("createdAt").and("username"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Member member(UUID id) {
        Member m = Member.findById(id);
        if (m == null) {
            throw ApiException.notFound("Member", id);
        }
        return m;
    }

    /** The member a token was issued to, if it still exists and is active. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Member activeMember(UUID id) {
        return checkActive(Member.findById(id));
    }

    /** Like {@link #activeMember} but locked until the transaction ends: serialises one rider's state changes. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Member lockActiveMember(UUID id) {
        return checkActive(Member.findById(id, LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * Exchanges a username and password for an access token. An unknown name, a wrong password and an inactive
     * account get the same refusal, and take as long ({@link Passwords#matches} checks a dummy hash).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public LoginResponse login(String username, String password) {
        Member m = username == null ? null : Member.byUsername(normalise(username)).orElse(null);
        boolean matches = Passwords.matches(password, m == null ? null : m.passwordHash);
        if (!matches || !m.active) {
            throw ApiException.unauthorized("Unknown username or wrong password");
        }
        return tokenFor(m);
    }

    /**
     * A new token for the member a still valid token was issued to: a shift may outlast a token, and the phone must
     * not ask for the password again. Carries the member's roles as they are now; a member no longer active (or
     * removed) gets none.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public LoginResponse refresh(UUID memberId) {
        Member m = Member.findById(memberId);
        if (m == null || !m.active) {
            throw ApiException.unauthorized("This member is no longer active");
        }
        return tokenFor(m);
    }

    private LoginResponse tokenFor(Member m) {
        TokenIssuer.IssuedToken token = tokens.issue(m.id.toString(), m.username, Set.copyOf(m.roles), Map.of());
        return new LoginResponse(token.token(), token.type(), token.expiresInSeconds(), List.copyOf(m.roles), m.id);
    }

    public static String normalise(String username) {
        return username.strip().toLowerCase(Locale.ROOT);
    }

    private static List<String> roles(List<String> requested) {
        if (requested == null || requested.isEmpty()) {
            return DEFAULT_ROLES;
        }
        List<String> roles = new ArrayList<>();
        for (String role : requested) {
            String r = role.strip().toLowerCase(Locale.ROOT);
            if (!MEMBER_ROLES.contains(r)) {
                throw new ApiException(400, "Invalid request", "roles: unknown role '" + role + "'; allowed: "
                        + String.join(", ", MEMBER_ROLES),
                        List.of(new Problem.Violation("roles", "must be among " + String.join(", ", MEMBER_ROLES))));
            }
            if (!roles.contains(r)) {
                roles.add(r);
            }
        }
        return roles;
    }

    private static Member checkActive(Member m) {
        if (m == null || !m.active) {
            throw ApiException.forbidden("Your membership is not active");
        }
        return m;
    }

    private static boolean isConstraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException) {
                return true;
            }
        }
        return false;
    }

    private static ApiException usernameTaken(String name) {
        return ApiException.conflict("The username '" + name + "' is already taken");
    }
}
