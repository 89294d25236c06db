package coop.dispatch.rider.assembly.service;

import coop.dispatch.commons.problem.ApiException;
import coop.dispatch.commons.security.Roles;
import coop.dispatch.rider.Member;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * Who has a say: active members with the role "member" (riders who are not (yet) members of the cooperative, and
 * coordinators who are not members, do not vote). Checked against the database, not only the token, so a member
 * whose membership ended cannot vote with a token issued before.
 */
@ApplicationScoped
public class Voters {
    private final EntityManager em;

    public Voters(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Member requireVoter(UUID memberId) {
        Member m = Member.findById(memberId);
        if (m == null || !m.active || !m.hasRole(Roles.MEMBER)) {
            throw ApiException.forbidden("Only active members of the cooperative may propose and vote");
        }
        return m;
    }

    /** The active members now: the base of the quorum. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public int eligibleVoters() {
        return ((Number) em.createNativeQuery("SELECT count(*) FROM member WHERE active AND ?1 = ANY (roles)")
                .setParameter(1, Roles.MEMBER)
                .getSingleResult()).intValue();
    }
}
