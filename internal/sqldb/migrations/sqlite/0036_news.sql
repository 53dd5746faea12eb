-- News and newsletters (issue 8): articles with a category, free tags
-- (stored ",a,b," folded, for exact matching on both databases) and a
-- publication time (an article is public once its time has come); the
-- newsletter subscribers with their segments, consent record and status
-- (double opt-in); newsletters composed from articles and cases; one
-- delivery row per (newsletter, subscriber) frozen when sending starts;
-- and the key that signs the subscribers' links.
-- +goose Up
CREATE TABLE news_articles (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL UNIQUE,
    title         TEXT NOT NULL,
    summary       TEXT NOT NULL DEFAULT '',
    body_md       TEXT NOT NULL DEFAULT '',
    category      TEXT NOT NULL,
    tags          TEXT NOT NULL DEFAULT '',        -- ",tag one,tag two," as typed
    tags_folded   TEXT NOT NULL DEFAULT '',        -- ",tag one,tag two," folded
    search        TEXT NOT NULL DEFAULT '',        -- folded title, summary, tags
    image_url     TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'draft',   -- draft, scheduled, published
    publish_at    TIMESTAMP,
    author_id     INTEGER REFERENCES users (id),
    author_name   TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX news_articles_public ON news_articles (status, publish_at);

CREATE TABLE news_subscribers (
    id               INTEGER PRIMARY KEY,
    email            TEXT NOT NULL UNIQUE,         -- lower case
    name             TEXT NOT NULL DEFAULT '',
    sectors          TEXT NOT NULL DEFAULT '',     -- ",textiles,food,"
    province_code    TEXT NOT NULL DEFAULT '',
    role             TEXT NOT NULL DEFAULT 'other', -- enterprise, expert, officer, other
    status           TEXT NOT NULL DEFAULT 'pending', -- pending, confirmed, unsubscribed, bounced, complained
    consent_at       TIMESTAMP NOT NULL,
    consent_version  TEXT NOT NULL,
    consent_ip       TEXT NOT NULL DEFAULT '',
    salt             TEXT NOT NULL,                -- renewed on each opt-in: old links die
    confirmed_at     TIMESTAMP,
    left_at          TIMESTAMP,                    -- unsubscribed, bounced or complained
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    version          INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX news_subscribers_status ON news_subscribers (status, id);

CREATE TABLE newsletters (
    id            INTEGER PRIMARY KEY,
    subject       TEXT NOT NULL,
    intro_md      TEXT NOT NULL DEFAULT '',
    article_ids   TEXT NOT NULL DEFAULT '[]',      -- JSON [id]
    case_ids      TEXT NOT NULL DEFAULT '[]',      -- JSON [id]
    segment       TEXT NOT NULL DEFAULT '{}',      -- JSON news.Segment
    status        TEXT NOT NULL DEFAULT 'draft',   -- draft, sending, sent
    job_id        INTEGER,
    recipients    INTEGER NOT NULL DEFAULT 0,
    created_by    INTEGER REFERENCES users (id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    started_at    TIMESTAMP,
    finished_at   TIMESTAMP,
    version       INTEGER NOT NULL DEFAULT 1,
    queued_at     TIMESTAMP,                       -- Send claimed the queueing of the job (a second Send waits)
    lease_owner   TEXT,                            -- the send run working on it now
    lease_until   TIMESTAMP                        -- … until then unless renewed
);

CREATE TABLE newsletter_deliveries (
    id             INTEGER PRIMARY KEY,
    newsletter_id  INTEGER NOT NULL REFERENCES newsletters (id) ON DELETE CASCADE,
    subscriber_id  INTEGER NOT NULL REFERENCES news_subscribers (id),
    email          TEXT NOT NULL,
    salt           TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'pending', -- pending, sending, sent, soft, hard, failed, unknown, skipped
    attempts       INTEGER NOT NULL DEFAULT 0,
    code           INTEGER NOT NULL DEFAULT 0,
    retry_at       TIMESTAMP,
    updated_at     TIMESTAMP,
    UNIQUE (newsletter_id, subscriber_id)
);
CREATE INDEX newsletter_deliveries_status ON newsletter_deliveries (newsletter_id, status, id);

-- An article's image, processed (upright, resized, metadata removed)
-- with its thumbnail.
CREATE TABLE news_article_images (
    article_id  INTEGER PRIMARY KEY REFERENCES news_articles (id) ON DELETE CASCADE,
    content     BLOB NOT NULL,
    thumb       BLOB NOT NULL,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

CREATE TABLE news_keys (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- +goose Down
DROP TABLE news_keys;
DROP TABLE news_article_images;
DROP TABLE newsletter_deliveries;
DROP TABLE newsletters;
DROP TABLE news_subscribers;
DROP TABLE news_articles;
