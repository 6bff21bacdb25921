-- Platform and Shopify tokens encrypted at rest (AES-256-GCM). ciphertext holds the encrypted value followed by its
-- 16-byte tag; nonce is the 12-byte nonce drawn fresh for every write; the store id and name are the associated data, so
-- a ciphertext moved to another row does not decrypt. key_id is a short fingerprint of the key that wrote the row (never
-- the key), so a rotation knows which rows it has re-encrypted. version counts the value's changes; updated_at is when
-- the value last changed (a rotation re-encrypts without changing it). The key itself is never stored here.
CREATE TABLE secrets (
    store_id    INTEGER NOT NULL REFERENCES stores (id),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    ciphertext  BLOB NOT NULL,
    nonce       BLOB NOT NULL CHECK (length(nonce) = 12),
    key_id      TEXT NOT NULL CHECK (length(key_id) BETWEEN 1 AND 64),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (store_id, name)
) STRICT;
