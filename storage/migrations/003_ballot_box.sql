-- Quanjing schema, version 3: the register and the ballot box (docs/ANONYMITY.md).
--
-- While a phase is open its ballots wait in the ballot box: pre-allocated slots of one phase,
-- each filled at random by one ballot (a JSON payload), so the table's row order and the file's
-- byte order never follow submission order. When the phase closes (campaign.sealing) the box is
-- emptied into ballot/answer in random order, the register is reduced to counts, and the database
-- is rewritten into a fresh file: no old bytes and no WAL of the open phase remain.
CREATE TABLE ballot_slot (
    phase_id           VARCHAR NOT NULL,
    slot_no            INTEGER NOT NULL,
    payload            VARCHAR,                    -- JSON of one ballot; NULL while the slot is free
    PRIMARY KEY (phase_id, slot_no)
);

-- Response counts of a sealed phase, kept for monitoring after the register is cleared.
CREATE TABLE phase_count (
    phase_id           VARCHAR NOT NULL,
    view               VARCHAR NOT NULL,           -- by_subject | by_group | by_subject_unit | by_rater_unit | by_phase
    body               VARCHAR NOT NULL,           -- JSON records
    PRIMARY KEY (phase_id, view)
);

-- A ballot is the only link between answers: no pseudonym across ballots, no day.
ALTER TABLE ballot DROP COLUMN rater_pseudonym;
ALTER TABLE ballot DROP COLUMN submitted_on;

-- Who finished what is cleared (NULL) when a phase is sealed; counts stay in phase_count.
ALTER TABLE assignment ALTER COLUMN done DROP NOT NULL;
ALTER TABLE invitation ALTER COLUMN finished DROP NOT NULL;

-- Drafts name their phase (never their rater), so sealing a phase deletes them.
ALTER TABLE draft ADD COLUMN phase_id VARCHAR;
