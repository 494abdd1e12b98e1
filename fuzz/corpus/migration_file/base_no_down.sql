-- revision: 0001_init
-- down_revision: none
-- migrate:up
CREATE EXTENSION IF NOT EXISTS pgcrypto;
