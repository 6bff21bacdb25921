-- Platform and Shopify tokens encrypted at rest (AES-256-GCM). ciphertext holds the encrypted value followed by its
-- 16-byte tag; nonce is the 12-byte nonce drawn fresh for every write; the store id and name are the associated data, so
-- a ciphertext moved to another row does not decrypt. key_id is a short fingerprint of the key that wrote the row (never
-- the key), so a rotation knows which rows it has re-encrypted. version counts the value's changes; updated_at is when
-- the value last changed (a rotation re-encrypts without changing it). The key itself is never stored here.
CREATE TABLE secrets (
    store_id    bigint NOT NULL REFERENCES stores (id),
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    ciphertext  bytea NOT NULL,
    nonce       bytea NOT NULL CHECK (length(nonce) = 12),
    key_id      text NOT NULL CHECK (length(key_id) BETWEEN 1 AND 64),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     integer NOT NULL CHECK (version >= 1),
    PRIMARY KEY (store_id, name)
);
