-- Rider assembly: versioned policy documents, proposals, secret ballots, and the deliveries its impact preview replays.
-- Numbered 10 so that the rest of rider-service can add V3..V9 meanwhile.

-- Every adopted version of every kind of policy. Version 1 of each kind is seeded by the service at first start.
CREATE TABLE assembly_policy_version (
    kind           TEXT        NOT NULL CHECK (kind IN ('pricing', 'dispatch', 'assembly')),
    version_no     INT         NOT NULL CHECK (version_no >= 1),
    -- The name services record on every price and decision: "1", "2" (pricing), "dispatch-2", "assembly-2".
    version        TEXT        NOT NULL,
    document       TEXT        NOT NULL,
    effective_from TIMESTAMPTZ NOT NULL,
    adopted_at     TIMESTAMPTZ NOT NULL,
    proposal_id    UUID,
    -- Set when the PolicyAdopted event was written to the outbox; null only for a seed not yet announced.
    published_at   TIMESTAMPTZ,
    PRIMARY KEY (kind, version_no),
    UNIQUE (kind, version)
);
-- A proposal is adopted at most once, whatever the application does.
CREATE UNIQUE INDEX assembly_policy_version_proposal ON assembly_policy_version (proposal_id)
    WHERE proposal_id IS NOT NULL;

CREATE TABLE assembly_proposal (
    id                 UUID PRIMARY KEY,
    kind               TEXT        NOT NULL CHECK (kind IN ('pricing', 'dispatch', 'assembly')),
    document           TEXT        NOT NULL,
    rationale          TEXT        NOT NULL,
    proposer_id        UUID        NOT NULL REFERENCES member (id),
    -- The version of the kind in force when it was proposed, and the assembly rules it is decided by.
    base_version_no    INT         NOT NULL,
    rules_version_no   INT         NOT NULL,
    created_at         TIMESTAMPTZ NOT NULL,
    closes_at          TIMESTAMPTZ NOT NULL,
    status             TEXT        NOT NULL CHECK (status IN ('OPEN', 'ADOPTED', 'REJECTED')),
    closed_at          TIMESTAMPTZ,
    yes_count          INT,
    no_count           INT,
    abstain_count      INT,
    eligible_voters    INT,
    ballots_required   INT,
    outcome            TEXT,
    adopted_version_no INT,
    effective_from     TIMESTAMPTZ,
    CHECK (closes_at > created_at),
    CHECK ((status = 'OPEN') = (closed_at IS NULL))
);
CREATE INDEX assembly_proposal_due ON assembly_proposal (closes_at) WHERE status = 'OPEN';
CREATE INDEX assembly_proposal_created ON assembly_proposal (created_at DESC);

-- Secret ballot: who voted and what was voted are kept in two tables with no column in common and no timestamps.
-- The voter roll stops a member from voting twice; the ballot is found again (to replace it) by a keyed hash of
-- proposal and member that names nobody without the service's ballot secret.
CREATE TABLE assembly_voter_roll (
    proposal_id UUID NOT NULL REFERENCES assembly_proposal (id),
    member_id   UUID NOT NULL REFERENCES member (id),
    PRIMARY KEY (proposal_id, member_id)
);
CREATE TABLE assembly_ballot (
    proposal_id UUID NOT NULL REFERENCES assembly_proposal (id),
    ballot_key  TEXT NOT NULL,
    choice      TEXT NOT NULL CHECK (choice IN ('YES', 'NO', 'ABSTAIN')),
    PRIMARY KEY (proposal_id, ballot_key)
);

-- What a price depended on, for every delivery requested (from delivery-requests), kept for the impact preview.
CREATE TABLE assembly_delivery_sample (
    delivery_id      UUID PRIMARY KEY,
    requested_at     TIMESTAMPTZ      NOT NULL,
    pickup_lat       DOUBLE PRECISION NOT NULL,
    pickup_lon       DOUBLE PRECISION NOT NULL,
    dropoff_lat      DOUBLE PRECISION NOT NULL,
    dropoff_lon      DOUBLE PRECISION NOT NULL,
    straight_line_m  DOUBLE PRECISION NOT NULL,
    weight_grams     INT              NOT NULL,
    price_cents      BIGINT,
    rider_pay_cents  BIGINT,
    pricing_version  TEXT,
    received_at      TIMESTAMPTZ      NOT NULL
);
CREATE INDEX assembly_delivery_sample_requested ON assembly_delivery_sample (requested_at);
