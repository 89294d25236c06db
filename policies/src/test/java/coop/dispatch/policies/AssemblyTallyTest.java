package coop.dispatch.policies;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AssemblyTallyTest {
    static final AssemblyRules RULES = AssemblyRules.defaults(); // 30 % quorum, > 50 %, > 66.66 % for assembly rules

    @Test
    void quorumMissedRejectsEvenAUnanimousYes() {
        AssemblyRules.Tally t = RULES.tally("pricing", 2, 0, 0, 10);
        assertFalse(t.quorumMet());
        assertFalse(t.adopted());
        assertEquals(3, t.ballotsRequired(), "30 % of 10 is 3 ballots, not 4 (floating point)");
        assertTrue(t.reason().startsWith("Quorum missed"), t.reason());
    }

    @Test
    void abstentionsCountTowardsTheQuorumButNotTheMajority() {
        AssemblyRules.Tally t = RULES.tally("pricing", 1, 0, 2, 10);
        assertTrue(t.quorumMet());
        assertTrue(t.adopted(), t.reason());
        assertEquals(1.0, t.yesShare());

        AssemblyRules.Tally allAbstain = RULES.tally("pricing", 0, 0, 5, 10);
        assertTrue(allAbstain.quorumMet());
        assertFalse(allAbstain.adopted());
        assertEquals(null, allAbstain.yesShare());
    }

    @Test
    void aTieIsNotAMajority() {
        AssemblyRules.Tally t = RULES.tally("dispatch", 3, 3, 0, 10);
        assertTrue(t.quorumMet());
        assertFalse(t.adopted());
        assertTrue(t.reason().contains("tie"), t.reason());
        assertTrue(RULES.tally("dispatch", 4, 3, 0, 10).adopted());
    }

    @Test
    void theThresholdIsTheAssemblysOwn() {
        AssemblyRules strict = new AssemblyRules(0.5, 0.6, 0.75, 168, 0);
        assertFalse(strict.tally("pricing", 3, 2, 0, 10).adopted(), "60 % is not more than 60 %");
        assertTrue(strict.tally("pricing", 4, 2, 0, 10).adopted());
        assertFalse(strict.tally("pricing", 4, 0, 0, 10).adopted(), "4 of 10 misses a 50 % quorum");
    }

    @Test
    void changingTheAssemblyRulesNeedsTheSupermajority() {
        AssemblyRules.Tally sixty = RULES.tally("assembly", 3, 2, 0, 10);
        assertTrue(sixty.supermajority());
        assertFalse(sixty.adopted(), "60 % would carry a pricing proposal, not a change of the assembly rules");
        assertTrue(RULES.tally("pricing", 3, 2, 0, 10).adopted());

        AssemblyRules.Tally twoThirds = RULES.tally("assembly", 2, 1, 0, 10);
        assertTrue(twoThirds.adopted(), twoThirds.reason());
        assertTrue(twoThirds.reason().contains("supermajority"), twoThirds.reason());
    }

    @Test
    void noEligibleVotersAndNoBallotsAdoptsNothing() {
        assertFalse(RULES.tally("pricing", 0, 0, 0, 0).adopted());
        assertFalse(new AssemblyRules(0, 0.5, 0.6666, 1, 0).tally("pricing", 0, 0, 0, 10).adopted());
    }
}
