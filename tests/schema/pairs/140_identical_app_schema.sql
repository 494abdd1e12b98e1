-- pair: identical — a schema with extension, enum, domain, identity columns, self-FK, partial index, trigger, view, matview, RLS and comments on both sides: the diff must be empty
-- @from
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA app;
CREATE TYPE app.user_role AS ENUM ('member', 'admin', 'owner');
CREATE DOMAIN app.email AS citext CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE TABLE app.organizations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES app.organizations (id) ON DELETE CASCADE,
    email app.email NOT NULL,
    role app.user_role NOT NULL DEFAULT 'member',
    manager_id bigint REFERENCES app.users (id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_org_email_key UNIQUE (org_id, email)
);
CREATE INDEX users_manager_idx ON app.users (manager_id) WHERE manager_id IS NOT NULL;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE VIEW app.admins AS SELECT id, org_id, email FROM app.users WHERE role IN ('admin', 'owner');
CREATE MATERIALIZED VIEW app.org_sizes AS SELECT org_id, count(*) AS members FROM app.users GROUP BY org_id;
CREATE UNIQUE INDEX org_sizes_org_key ON app.org_sizes (org_id);
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_same_org ON app.users USING (org_id = current_setting('app.org_id')::bigint);
COMMENT ON TABLE app.users IS 'People who can sign in';
COMMENT ON COLUMN app.users.role IS 'Highest role in the organization';
-- @to
CREATE EXTENSION IF NOT EXISTS citext;
CREATE SCHEMA app;
CREATE TYPE app.user_role AS ENUM ('member', 'admin', 'owner');
CREATE DOMAIN app.email AS citext CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE TABLE app.organizations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    slug text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE app.users (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    org_id bigint NOT NULL REFERENCES app.organizations (id) ON DELETE CASCADE,
    email app.email NOT NULL,
    role app.user_role NOT NULL DEFAULT 'member',
    manager_id bigint REFERENCES app.users (id) ON DELETE SET NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_org_email_key UNIQUE (org_id, email)
);
CREATE INDEX users_manager_idx ON app.users (manager_id) WHERE manager_id IS NOT NULL;
CREATE FUNCTION app.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
CREATE TRIGGER users_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.touch();
CREATE VIEW app.admins AS SELECT id, org_id, email FROM app.users WHERE role IN ('admin', 'owner');
CREATE MATERIALIZED VIEW app.org_sizes AS SELECT org_id, count(*) AS members FROM app.users GROUP BY org_id;
CREATE UNIQUE INDEX org_sizes_org_key ON app.org_sizes (org_id);
ALTER TABLE app.users ENABLE ROW LEVEL SECURITY;
CREATE POLICY users_same_org ON app.users USING (org_id = current_setting('app.org_id')::bigint);
COMMENT ON TABLE app.users IS 'People who can sign in';
COMMENT ON COLUMN app.users.role IS 'Highest role in the organization';
