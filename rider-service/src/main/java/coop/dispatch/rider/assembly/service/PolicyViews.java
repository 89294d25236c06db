package coop.dispatch.rider.assembly.service;

import coop.dispatch.rider.assembly.PolicyKind;
import coop.dispatch.rider.assembly.PolicyVersion;
import coop.dispatch.rider.assembly.rest.PolicyVersionView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Adopted policy versions as members read them. */
@ApplicationScoped
public class PolicyViews {
    private final PolicyVersions versions;
    private final Clock clock = Clock.systemUTC();

    public PolicyViews(PolicyVersions versions) {
        this.versions = versions;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PolicyVersionView> current() {
        Instant now = clock.instant();
        List<PolicyVersionView> views = new ArrayList<>();
        for (PolicyKind kind : PolicyKind.values()) {
            List<PolicyVersion> history = versions.history(kind);
            PolicyVersion inForce = versions.inForce(kind, now);
            for (int i = 0; i < history.size(); i++) {
                PolicyVersion v = history.get(i);
                if (v.versionNo >= inForce.versionNo) {
                    views.add(view(v, i == 0 ? null : history.get(i - 1), inForce));
                }
            }
        }
        return views;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public PolicyVersionView inForce(PolicyKind kind) {
        PolicyVersion inForce = versions.inForce(kind, clock.instant());
        PolicyVersion previous = inForce.versionNo == 1 ? null
                : versions.version(kind, inForce.versionNo - 1).orElse(null);
        return view(inForce, previous, inForce);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PolicyVersionView> history(PolicyKind kind) {
        List<PolicyVersion> history = versions.history(kind);
        PolicyVersion inForce = versions.inForce(kind, clock.instant());
        List<PolicyVersionView> views = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            views.add(view(history.get(i), i == 0 ? null : history.get(i - 1), inForce));
        }
        Collections.reverse(views);
        return views;
    }

    private PolicyVersionView view(PolicyVersion v, PolicyVersion previous, PolicyVersion inForce) {
        PolicyKind kind = PolicyKind.of(v.kind).orElseThrow();
        return new PolicyVersionView(v.kind, v.version, v.versionNo, v.effectiveFrom, v.adoptedAt, v.proposalId,
                v.versionNo == inForce.versionNo, previous == null ? null : previous.version,
                previous == null ? null : JsonDiff.diff(
                        ProposalService.comparable(kind, versions.read(previous.document)),
                        ProposalService.comparable(kind, versions.read(v.document))),
                versions.read(v.document));
    }
}
