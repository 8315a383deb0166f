-- Quanjing schema, version 1. One long, typed schema for every survey (no table per survey,
-- no JSON blob of answers). Ids are random text (uuid4 hex) unless imported from the organizer.
-- Anonymity rules (docs/ANONYMITY.md): ballot and answer hold no rater id, token, token hash,
-- IP address, or time finer than the day; nothing joins them to invitation or assignment.

-- Survey definitions: every saved version keeps its JSON snapshot and its hash.
CREATE TABLE survey_definition (
    definition_id      VARCHAR NOT NULL,
    version            INTEGER NOT NULL,
    status             VARCHAR NOT NULL CHECK (status IN ('draft', 'published')),
    body               VARCHAR NOT NULL,           -- canonical JSON text of the definition
    sha256             VARCHAR NOT NULL,
    saved_on           DATE NOT NULL,
    PRIMARY KEY (definition_id, version)
);

CREATE TABLE unit (
    unit_id            VARCHAR PRIMARY KEY,
    name_zh            VARCHAR NOT NULL,
    name_en            VARCHAR,
    kind               VARCHAR NOT NULL,           -- bureau | street | community | other
    parent_id          VARCHAR,
    is_demo            BOOLEAN NOT NULL DEFAULT FALSE
);

-- Subjects: the cadres being evaluated.
CREATE TABLE subject (
    subject_id         VARCHAR PRIMARY KEY,
    name               VARCHAR NOT NULL,
    unit_id            VARCHAR NOT NULL,
    position           VARCHAR NOT NULL,
    level              VARCHAR NOT NULL,           -- e.g. 正处 / 副处 / 正科 / 副科
    is_demo            BOOLEAN NOT NULL DEFAULT FALSE
);

-- Raters: people who fill evaluations. A rater who is also a cadre names the subject.
CREATE TABLE rater (
    rater_id           VARCHAR PRIMARY KEY,
    name               VARCHAR NOT NULL,
    unit_id            VARCHAR,
    contact            VARCHAR,                    -- phone or e-mail, for reminders only
    subject_id         VARCHAR,
    is_demo            BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE campaign (
    campaign_id        VARCHAR PRIMARY KEY,
    name               VARCHAR NOT NULL,
    year               INTEGER NOT NULL,
    settings           VARCHAR NOT NULL,           -- JSON: thresholds, group weights, tally rules (campaign.settings)
    launched           BOOLEAN NOT NULL DEFAULT FALSE, -- thresholds are fixed from launch on
    created_on         DATE NOT NULL,
    is_demo            BOOLEAN NOT NULL DEFAULT FALSE
);

-- A phase: 亮诺 year_start, 亮效 mid_year, 亮绩 year_end, or a single round.
CREATE TABLE phase (
    phase_id           VARCHAR PRIMARY KEY,
    campaign_id        VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL CHECK (kind IN ('year_start', 'mid_year', 'year_end', 'single')),
    seq                INTEGER NOT NULL,
    definition_id      VARCHAR NOT NULL,
    definition_version INTEGER NOT NULL,
    status             VARCHAR NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    opens_on           DATE,
    closes_on          DATE,
    UNIQUE (campaign_id, seq)
);

-- Who rates whom in a campaign (imported or expanded from assignment rules).
CREATE TABLE relationship (
    campaign_id        VARCHAR NOT NULL,
    rater_id           VARCHAR NOT NULL,
    subject_id         VARCHAR NOT NULL,
    rater_group        VARCHAR NOT NULL CHECK (rater_group IN
                       ('superior', 'peer', 'subordinate', 'self', 'public', 'observer')),
    PRIMARY KEY (campaign_id, rater_id, subject_id)
);

-- Per phase: one row per (rater, subject) to fill. status is updated in place when done, so the
-- table keeps import order and carries no completion time.
CREATE TABLE assignment (
    assignment_id      VARCHAR PRIMARY KEY,
    phase_id           VARCHAR NOT NULL,
    invitation_id      VARCHAR NOT NULL,
    subject_id         VARCHAR NOT NULL,
    rater_group        VARCHAR NOT NULL,
    done               BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (invitation_id, subject_id)
);

-- One token per rater and phase (personal), or a single-use meeting ballot (rater_id NULL).
-- Only HMAC-SHA256(server key, token) is stored.
CREATE TABLE invitation (
    invitation_id      VARCHAR PRIMARY KEY,
    phase_id           VARCHAR NOT NULL,
    rater_id           VARCHAR,
    kind               VARCHAR NOT NULL CHECK (kind IN ('personal', 'meeting')),
    token_hash         VARCHAR NOT NULL UNIQUE,
    expires_at         TIMESTAMP NOT NULL,
    revoked            BOOLEAN NOT NULL DEFAULT FALSE,
    finished           BOOLEAN NOT NULL DEFAULT FALSE,
    created_on         DATE NOT NULL
);

-- Save-and-resume: encrypted with a key derived from the token; the server cannot read it.
CREATE TABLE draft (
    draft_key          VARCHAR PRIMARY KEY,        -- HMAC(server key, 'draft:' + token)
    nonce              BLOB NOT NULL,
    ciphertext         BLOB NOT NULL,
    saved_on           DATE NOT NULL
);

-- A submitted ballot. No rater id, token, hash, IP or time finer than the day.
-- rater_pseudonym = HMAC(server key, 'pseudonym:' + token): links ballots of one token for quality
-- checks, cannot be joined to the invitation without the raw token, never shown in reports.
CREATE TABLE ballot (
    ballot_id          VARCHAR PRIMARY KEY,        -- random
    phase_id           VARCHAR NOT NULL,
    definition_id      VARCHAR NOT NULL,
    definition_version INTEGER NOT NULL,
    rater_group        VARCHAR NOT NULL,
    rater_pseudonym    VARCHAR NOT NULL,
    source             VARCHAR NOT NULL CHECK (source IN ('online', 'meeting', 'paper')),
    submitted_on       DATE NOT NULL
);

-- One row per answered cell: long and typed.
--   likert/numeric: value_num       grade/single_choice: option_id (+ value_num = option score)
--   multiple_choice/checklist: one row per chosen option_id      text: value_text
--   matrix: row_id + value_num      ranking: option_id + value_num (rank, 1 = first)
--   commitment (state): row_id = commitment id, value_text   (rate): row_id + value_num
--   is_na: the respondent chose "not applicable / cannot judge" (value columns NULL)
CREATE TABLE answer (
    ballot_id          VARCHAR NOT NULL,
    subject_id         VARCHAR NOT NULL,
    item_id            VARCHAR NOT NULL,
    row_id             VARCHAR,
    option_id          VARCHAR,
    value_num          DOUBLE,
    value_text         VARCHAR,
    is_na              BOOLEAN NOT NULL DEFAULT FALSE
);

-- Commitments stated at year start (亮诺), public by nature; rated in later phases.
CREATE TABLE commitment (
    commitment_id      VARCHAR PRIMARY KEY,
    campaign_id        VARCHAR NOT NULL,
    subject_id         VARCHAR NOT NULL,
    seq                INTEGER NOT NULL,
    text               VARCHAR NOT NULL
);

-- Meeting mode live counter and paper double entry.
CREATE TABLE paper_entry (
    entry_id           VARCHAR PRIMARY KEY,
    phase_id           VARCHAR NOT NULL,
    sheet_no           VARCHAR NOT NULL,           -- number printed on the paper ballot
    clerk              VARCHAR NOT NULL,           -- 'A' or 'B'
    rater_group        VARCHAR NOT NULL,
    answers            VARCHAR NOT NULL,           -- JSON list of answer rows, staging only
    entered_on         DATE NOT NULL,
    UNIQUE (phase_id, sheet_no, clerk)
);
CREATE TABLE paper_sheet (
    phase_id           VARCHAR NOT NULL,
    sheet_no           VARCHAR NOT NULL,
    status             VARCHAR NOT NULL CHECK (status IN ('counted', 'void')),
    PRIMARY KEY (phase_id, sheet_no)
);

-- Performance appraisal (绩效考评): KPI indicators tagged visible (显绩) or latent (潜绩).
CREATE TABLE kpi_indicator (
    indicator_id       VARCHAR PRIMARY KEY,
    name_zh            VARCHAR NOT NULL,
    name_en            VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL CHECK (kind IN ('visible', 'latent')),
    dimension_id       VARCHAR                     -- optional link to a survey dimension
);
CREATE TABLE kpi_score (
    subject_id         VARCHAR NOT NULL,
    campaign_id        VARCHAR NOT NULL,
    phase_kind         VARCHAR NOT NULL,
    indicator_id       VARCHAR NOT NULL,
    score              DOUBLE NOT NULL,            -- 0..100
    PRIMARY KEY (subject_id, campaign_id, phase_kind, indicator_id)
);

-- External signals per subject: hotline complaints, hotline satisfaction, audit and inspection
-- findings, public ratings.
CREATE TABLE external_signal (
    signal_id          VARCHAR PRIMARY KEY,
    subject_id         VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL,           -- hotline_complaint | hotline_satisfaction | audit_finding | inspection_finding | public_rating
    occurred_on        DATE NOT NULL,
    value              DOUBLE,
    note               VARCHAR
);

-- 容错预审报备: innovation items filed in advance for fault tolerance.
CREATE TABLE innovation_filing (
    filing_id          VARCHAR PRIMARY KEY,
    subject_id         VARCHAR NOT NULL,
    filed_on           DATE NOT NULL,
    title              VARCHAR NOT NULL,
    risk_note          VARCHAR
);

-- Interviews and field notes (面对面访谈, 政绩观察员): readable by reviewers only.
CREATE TABLE field_note (
    note_id            VARCHAR PRIMARY KEY,
    subject_id         VARCHAR NOT NULL,
    author             VARCHAR NOT NULL,
    kind               VARCHAR NOT NULL CHECK (kind IN ('interview', 'observation')),
    noted_on           DATE NOT NULL,
    text               VARCHAR NOT NULL
);

-- Small key/value facts about this database (e.g. demo world present, its seed and size).
CREATE TABLE app_meta (
    key                VARCHAR PRIMARY KEY,
    value              VARCHAR NOT NULL
);
