-- Quanjing schema, version 4: accounts of organizers, reviewers and admins, and the audit log
-- (docs/SECURITY.md). Respondents have no account: an invitation code is all they need.
CREATE TABLE account (
    account_id         VARCHAR PRIMARY KEY,        -- the sign-in name (NFKC, lower case)
    display_name       VARCHAR NOT NULL,
    password_hash      VARCHAR,                    -- argon2id; NULL for an OpenID-only account
    email              VARCHAR,                    -- matched against st.user.email (OpenID Connect)
    must_change        BOOLEAN NOT NULL DEFAULT FALSE,
    disabled           BOOLEAN NOT NULL DEFAULT FALSE,
    is_demo            BOOLEAN NOT NULL DEFAULT FALSE,
    created_on         DATE NOT NULL
);

-- One row per role an account holds; unit_id NULL = every unit, else the unit and its sub-units.
CREATE TABLE account_role (
    account_id         VARCHAR NOT NULL,
    role               VARCHAR NOT NULL,           -- admin | organizer | reviewer
    unit_id            VARCHAR NOT NULL DEFAULT '',  -- '' = every unit
    PRIMARY KEY (account_id, role, unit_id)
);

-- Failed sign-ins per key (a sign-in name, or a client address) for the back-off.
CREATE TABLE signin_throttle (
    throttle_key       VARCHAR PRIMARY KEY,
    failures           INTEGER NOT NULL,
    locked_until       TIMESTAMP
);

-- Append-only: rows are only ever inserted; each row's hash covers the previous row's hash, so a
-- removed or edited row breaks the chain (storage.audit.verify_chain).
CREATE TABLE audit_event (
    seq                BIGINT PRIMARY KEY,
    logged_at          TIMESTAMP NOT NULL,         -- to the minute; to the day for invitation events
    actor              VARCHAR NOT NULL,           -- account id, or "system"
    kind               VARCHAR NOT NULL,
    target             VARCHAR NOT NULL DEFAULT '',
    detail             VARCHAR NOT NULL DEFAULT '{}',  -- JSON, never a token or a ballot
    prev_hash          VARCHAR NOT NULL,
    row_hash           VARCHAR NOT NULL
);
