-- Filegate's shared store (filegate.store = jdbc:postgresql://...), created and migrated by Flyway at start-up.
-- Every node runs the same migrations; Flyway serialises concurrent starts with a PostgreSQL advisory lock.

-- The manifest: one row per event line, append-only (never updated, never deleted by Filegate).
-- "line" is the line exactly as the JSONL manifest would hold it (every field, in its order): --export-manifest
-- writes it back out verbatim. The columns beside it are copies of the fields the pipeline looks up, so that
-- each look-up is one indexed query; a rule about a field that has no column yet reads it from the line
-- (line::jsonb ->> 'field') or gets a column in a later migration.
CREATE TABLE filegate_event (
    seq         BIGSERIAL PRIMARY KEY,
    ts          TIMESTAMPTZ,
    event       TEXT NOT NULL,
    source      TEXT,
    etag        TEXT,
    bytes       BIGINT,
    sha256      TEXT,
    provider    TEXT,
    purpose     TEXT,
    file_id     TEXT,
    attempt     TEXT,
    ambiguous   BOOLEAN,
    upload_id   TEXT,
    expires_at  BIGINT,
    -- the node that wrote the line (filegate.node-id); null for imported lines
    node        TEXT,
    line        JSON NOT NULL,
    -- sha256 of the line's text: importing the same history twice adds nothing
    line_sha256 BYTEA NOT NULL UNIQUE
);
-- dedup answers, open intents and open Uploads API uploads: by content
CREATE INDEX filegate_event_content ON filegate_event (provider, purpose, sha256, seq) WHERE sha256 IS NOT NULL;
-- S3 versions done or failed, unmatched files
CREATE INDEX filegate_event_source ON filegate_event (source, etag);
-- reconciliation: is a provider's file already accounted for
CREATE INDEX filegate_event_file_id ON filegate_event (file_id) WHERE file_id IS NOT NULL;
-- Uploads API parts and abandoned uploads
CREATE INDEX filegate_event_upload ON filegate_event (upload_id) WHERE upload_id IS NOT NULL;

-- Claims: one row per source item (a drop-folder file's route + relative path + size + mtime, an S3 object's
-- key + ETag) or per content being uploaded (provider + purpose + sha256). The primary key decides between
-- nodes that want the same row at the same moment. A claim is held while node is set and lease_until is in
-- the future; the holder renews every lease it holds (one UPDATE per heartbeat); a released claim keeps its
-- row with node = NULL. Every take draws a new version from the sequence: the fencing token that every write
-- under the claim is checked against. "committed" is set when the item's source was committed (an S3 object
-- tagged, copied or reported): an object whose outcome is recorded but whose holder died before committing it
-- is work left, and is taken over like any other.
CREATE SEQUENCE filegate_claim_version;
CREATE TABLE filegate_claim (
    item        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    source      TEXT,
    node        TEXT,
    version     BIGINT NOT NULL,
    since       TIMESTAMPTZ NOT NULL,
    lease_until TIMESTAMPTZ NOT NULL,
    committed   BOOLEAN NOT NULL DEFAULT false
);
CREATE INDEX filegate_claim_node ON filegate_claim (node) WHERE node IS NOT NULL;

-- The nodes that have run on this store and when each was last heard of (every heartbeat).
CREATE TABLE filegate_node (
    node       TEXT PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    last_seen  TIMESTAMPTZ NOT NULL,
    mode       TEXT
);
