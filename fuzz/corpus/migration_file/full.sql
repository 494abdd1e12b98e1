-- revision: 0002_add_users
-- down_revision: 0001_init
-- branch_labels: users, core
-- depends_on: 0000_ext
-- message: Add users table
-- created: 2026-11-24T10:00:00Z
-- transaction: per-migration
-- lock_timeout: 5s
-- statement_timeout: 10min

-- migrate:up
CREATE TABLE users (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE INDEX users_email ON users (email);

-- migrate:down
DROP TABLE users;
