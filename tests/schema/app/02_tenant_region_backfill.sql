-- step 02: columns added with a backfilling default on tables with rows (tenants.region NOT NULL DEFAULT 'eu' with a CHECK; billing.plans.trial_days NOT NULL DEFAULT 14, plans has rows).
-- The WHOLE schema after this change (see 00_base.sql for the application).

CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE SCHEMA app;
CREATE SCHEMA billing;
CREATE SCHEMA audit;
COMMENT ON SCHEMA app IS 'Product data, every row scoped to a tenant';
COMMENT ON SCHEMA billing IS 'Plans, subscriptions and invoices';
COMMENT ON SCHEMA audit IS 'Append-only change log';

-- ---------------------------------------------------------------- types
CREATE TYPE app.member_role AS ENUM ('viewer', 'member', 'admin', 'owner');
CREATE TYPE app.project_status AS ENUM ('active', 'paused', 'archived');
CREATE TYPE app.task_status AS ENUM ('todo', 'in_progress', 'done');
CREATE TYPE app.task_priority AS ENUM ('low', 'normal', 'high', 'urgent');
CREATE TYPE app.notification_kind AS ENUM ('mention', 'assignment', 'due_soon', 'comment');
CREATE TYPE billing.subscription_status AS ENUM ('trialing', 'active', 'past_due', 'cancelled');
CREATE TYPE billing.invoice_status AS ENUM ('draft', 'open', 'paid', 'void');
CREATE TYPE audit.operation AS ENUM ('INSERT', 'UPDATE', 'DELETE');

CREATE DOMAIN app.email AS citext
    CONSTRAINT email_format CHECK (VALUE ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$');
CREATE DOMAIN app.slug AS text
    CONSTRAINT slug_format CHECK (VALUE ~ '^[a-z0-9]+(-[a-z0-9]+)*$');
CREATE DOMAIN app.hex_color AS text DEFAULT '#888888'
    CONSTRAINT hex_color_format CHECK (VALUE ~ '^#[0-9a-f]{6}$');
CREATE DOMAIN billing.cents AS bigint
    CONSTRAINT cents_non_negative CHECK (VALUE >= 0);
COMMENT ON DOMAIN app.email IS 'An e-mail address, compared case-insensitively';

CREATE SEQUENCE billing.invoice_number_seq START 1000;

-- ---------------------------------------------------------------- functions
CREATE FUNCTION app.current_tenant_id() RETURNS uuid
    LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
COMMENT ON FUNCTION app.current_tenant_id() IS 'The tenant of the current request, from the app.tenant_id setting';

CREATE FUNCTION app.set_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE FUNCTION billing.next_invoice_number() RETURNS text
    LANGUAGE sql VOLATILE
    AS $$ SELECT 'INV-' || lpad(nextval('billing.invoice_number_seq')::text, 8, '0') $$;

CREATE FUNCTION app.slugify(input text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN trim(BOTH '-' FROM regexp_replace(lower(input), '[^a-z0-9]+', '-', 'g'));

-- ---------------------------------------------------------------- app: tenants and people
CREATE TABLE app.tenants (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    slug app.slug NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    region text NOT NULL DEFAULT 'eu',
    CONSTRAINT tenants_slug_key UNIQUE (slug),
    CONSTRAINT tenants_region_check CHECK (region IN ('eu', 'us', 'apac'))
);
COMMENT ON TABLE app.tenants IS 'A customer organization; the unit of isolation';
COMMENT ON COLUMN app.tenants.region IS 'Data residency region; existing tenants were backfilled to eu';

CREATE TABLE app.users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email app.email NOT NULL,
    full_name text NOT NULL,
    password_hash text,
    is_staff boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz,
    avatar_url text,
    bio text,
    timezone text NOT NULL DEFAULT 'UTC',
    CONSTRAINT users_email_key UNIQUE (email)
);
CREATE INDEX users_full_name_trgm ON app.users USING gin (full_name gin_trgm_ops);
COMMENT ON COLUMN app.users.password_hash IS 'NULL for users who sign in with SSO only';

CREATE TABLE app.memberships (
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    role app.member_role NOT NULL DEFAULT 'member',
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id)
);
CREATE INDEX memberships_user_idx ON app.memberships (user_id);

CREATE TABLE app.teams (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    name text NOT NULL,
    color app.hex_color,
    CONSTRAINT teams_tenant_name_key UNIQUE (tenant_id, name)
);

CREATE TABLE app.team_members (
    team_id bigint NOT NULL REFERENCES app.teams (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);

CREATE TABLE app.user_settings (
    user_id uuid PRIMARY KEY REFERENCES app.users (id) ON DELETE CASCADE,
    locale text NOT NULL DEFAULT 'en',
    theme text NOT NULL DEFAULT 'system',
    email_digest boolean NOT NULL DEFAULT true,
    CONSTRAINT user_settings_theme_check CHECK (theme IN ('light', 'dark', 'system'))
);

-- Deprecated: superseded by app.user_settings, still read by the old mobile client.
CREATE TABLE app.legacy_user_prefs (
    user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    pref_key text NOT NULL,
    pref_value text,
    PRIMARY KEY (user_id, pref_key)
);
COMMENT ON TABLE app.legacy_user_prefs IS 'Deprecated: use app.user_settings';

CREATE FUNCTION app.legacy_pref(u uuid, k text) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT pref_value FROM app.legacy_user_prefs WHERE user_id = u AND pref_key = k $$;

CREATE UNLOGGED TABLE app.sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_token_hash_idx ON app.sessions USING hash (token_hash);
CREATE INDEX sessions_expires_idx ON app.sessions (expires_at);

CREATE TABLE app.invitations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    email app.email NOT NULL,
    role app.member_role NOT NULL DEFAULT 'member',
    token text NOT NULL DEFAULT encode(gen_random_bytes(24), 'hex'),
    invited_by uuid REFERENCES app.users (id) ON DELETE SET NULL,
    expires_at timestamptz NOT NULL DEFAULT now() + interval '7 days',
    accepted_at timestamptz,
    CONSTRAINT invitations_token_key UNIQUE (token)
);
CREATE UNIQUE INDEX invitations_pending_email_key ON app.invitations (tenant_id, email) WHERE accepted_at IS NULL;

CREATE TABLE app.api_tokens (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    name text NOT NULL,
    token_hash bytea NOT NULL,
    last_used_at timestamptz,
    expires_at timestamptz
);
CREATE INDEX api_tokens_token_hash_idx ON app.api_tokens USING hash (token_hash);

CREATE TABLE app.feature_flags (
    key text PRIMARY KEY,
    description text,
    enabled boolean NOT NULL DEFAULT false,
    rollout_percent smallint NOT NULL DEFAULT 0,
    CONSTRAINT feature_flags_rollout_check CHECK (rollout_percent BETWEEN 0 AND 100)
);

CREATE TABLE app.tenant_feature_flags (
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    flag_key text NOT NULL REFERENCES app.feature_flags (key) ON UPDATE CASCADE ON DELETE CASCADE,
    enabled boolean NOT NULL,
    PRIMARY KEY (tenant_id, flag_key)
);

-- ---------------------------------------------------------------- app: projects and tasks
CREATE TABLE app.projects (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    team_id bigint REFERENCES app.teams (id) ON DELETE SET NULL,
    name text NOT NULL,
    slug app.slug NOT NULL,
    status app.project_status NOT NULL DEFAULT 'active',
    description text,
    created_by uuid REFERENCES app.users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT projects_tenant_slug_key UNIQUE (tenant_id, slug)
);
CREATE INDEX projects_tenant_status_idx ON app.projects (tenant_id, status) WHERE status <> 'archived';

CREATE TABLE app.tasks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    project_id bigint NOT NULL REFERENCES app.projects (id) ON DELETE CASCADE,
    title text NOT NULL,
    description text,
    status app.task_status NOT NULL DEFAULT 'todo',
    priority app.task_priority NOT NULL DEFAULT 'normal',
    assignee_id uuid REFERENCES app.users (id) ON DELETE SET NULL,
    due_on date,
    position integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, ''))) STORED
);
CREATE INDEX tasks_project_position_idx ON app.tasks (project_id, position);
CREATE INDEX tasks_assignee_open_idx ON app.tasks (assignee_id, due_on) WHERE status <> 'done';
CREATE INDEX tasks_search_idx ON app.tasks USING gin (search);
CREATE INDEX tasks_title_trgm ON app.tasks USING gin (title gin_trgm_ops);
COMMENT ON COLUMN app.tasks.position IS 'Manual ordering inside a project board column';

CREATE TABLE app.task_comments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    task_id bigint NOT NULL REFERENCES app.tasks (id) ON DELETE CASCADE,
    author_id uuid REFERENCES app.users (id) ON DELETE SET NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_comments_task_idx ON app.task_comments (task_id, created_at);

CREATE TABLE app.labels (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    name text NOT NULL,
    color app.hex_color NOT NULL
);
CREATE UNIQUE INDEX labels_tenant_name_key ON app.labels (tenant_id, name);

CREATE TABLE app.task_labels (
    task_id bigint NOT NULL REFERENCES app.tasks (id) ON DELETE CASCADE,
    label_id bigint NOT NULL REFERENCES app.labels (id) ON DELETE CASCADE,
    PRIMARY KEY (task_id, label_id)
);
CREATE INDEX task_labels_label_idx ON app.task_labels (label_id);

CREATE TABLE app.task_checklist_items (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    task_id bigint NOT NULL REFERENCES app.tasks (id) ON DELETE CASCADE,
    body text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    position integer NOT NULL DEFAULT 0,
    done_by uuid REFERENCES app.users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_checklist_items_task_idx ON app.task_checklist_items (task_id, position);
COMMENT ON TABLE app.task_checklist_items IS 'Sub-steps of a task, ticked off one by one';

CREATE TABLE app.attachments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    task_id bigint NOT NULL REFERENCES app.tasks (id) ON DELETE CASCADE,
    file_name text NOT NULL,
    content_type text NOT NULL DEFAULT 'application/octet-stream',
    byte_size bigint NOT NULL,
    storage_key text NOT NULL,
    uploaded_by uuid REFERENCES app.users (id) ON DELETE SET NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT attachments_storage_key_key UNIQUE (storage_key)
);

CREATE TABLE app.time_entries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    task_id bigint NOT NULL REFERENCES app.tasks (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
    during tstzrange NOT NULL,
    note text,
    CONSTRAINT time_entries_no_overlap EXCLUDE USING gist (user_id WITH =, during WITH &&)
);

CREATE TABLE app.notifications (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    user_id uuid NOT NULL REFERENCES app.users (id),
    kind app.notification_kind NOT NULL,
    payload jsonb NOT NULL DEFAULT '{}',
    read_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_unread_idx ON app.notifications (user_id, created_at DESC) WHERE read_at IS NULL;
CREATE INDEX notifications_payload_idx ON app.notifications USING gin (payload jsonb_path_ops);

CREATE TABLE app.webhooks (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES app.tenants (id) ON DELETE CASCADE,
    url text NOT NULL,
    secret text NOT NULL DEFAULT encode(gen_random_bytes(32), 'hex'),
    events text[] NOT NULL DEFAULT '{}',
    active boolean NOT NULL DEFAULT true,
    CONSTRAINT webhooks_url_check CHECK (url ~ '^https://')
);

CREATE TABLE app.webhook_deliveries (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id bigint NOT NULL REFERENCES app.webhooks (id) ON DELETE CASCADE,
    event text NOT NULL,
    status_code smallint,
    response_ms integer,
    attempted_at timestamptz NOT NULL DEFAULT now()
) WITH (fillfactor = 90, autovacuum_vacuum_scale_factor = 0.02);
CREATE INDEX webhook_deliveries_webhook_idx ON app.webhook_deliveries (webhook_id, attempted_at DESC);

-- ---------------------------------------------------------------- billing
CREATE TABLE billing.plans (
    code text PRIMARY KEY,
    name text NOT NULL,
    monthly_price billing.cents NOT NULL,
    currency char(3) NOT NULL DEFAULT 'EUR',
    max_projects integer,
    active boolean NOT NULL DEFAULT true,
    trial_days integer NOT NULL DEFAULT 14
);

CREATE TABLE billing.tax_rates (
    country char(2) PRIMARY KEY,
    rate numeric(5,4) NOT NULL,
    CONSTRAINT tax_rates_rate_check CHECK (rate >= 0 AND rate < 1)
);

CREATE TABLE billing.coupons (
    code text PRIMARY KEY,
    percent_off smallint NOT NULL,
    valid_until date,
    CONSTRAINT coupons_percent_off_check CHECK (percent_off BETWEEN 1 AND 100)
);

CREATE TABLE billing.customers (
    tenant_id uuid PRIMARY KEY REFERENCES app.tenants (id) ON DELETE CASCADE,
    billing_email app.email NOT NULL,
    country char(2) REFERENCES billing.tax_rates (country),
    vat_id text,
    provider_customer_id text,
    CONSTRAINT customers_provider_customer_id_key UNIQUE NULLS NOT DISTINCT (provider_customer_id)
);

CREATE TABLE billing.subscriptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES billing.customers (tenant_id) ON DELETE CASCADE,
    plan_code text NOT NULL REFERENCES billing.plans (code),
    status billing.subscription_status NOT NULL DEFAULT 'trialing',
    seats integer NOT NULL DEFAULT 1,
    coupon_code text REFERENCES billing.coupons (code),
    started_at timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz,
    CONSTRAINT subscriptions_seats_check CHECK (seats > 0)
);
CREATE UNIQUE INDEX subscriptions_one_live_per_tenant ON billing.subscriptions (tenant_id) WHERE status <> 'cancelled';

CREATE TABLE billing.invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES billing.customers (tenant_id),
    subscription_id bigint REFERENCES billing.subscriptions (id),
    number text NOT NULL DEFAULT billing.next_invoice_number(),
    status billing.invoice_status NOT NULL DEFAULT 'draft',
    issued_on date,
    due_on date,
    currency char(3) NOT NULL DEFAULT 'EUR',
    CONSTRAINT invoices_number_key UNIQUE (number),
    CONSTRAINT invoices_due_after_issue CHECK (due_on >= issued_on)
);
CREATE INDEX invoices_tenant_issued_idx ON billing.invoices (tenant_id, issued_on DESC NULLS LAST);

CREATE TABLE billing.invoice_lines (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES billing.invoices (id) ON DELETE CASCADE,
    description text NOT NULL,
    quantity integer NOT NULL DEFAULT 1,
    unit_price integer NOT NULL,
    amount bigint GENERATED ALWAYS AS (quantity::bigint * unit_price) STORED
);
CREATE INDEX invoice_lines_invoice_idx ON billing.invoice_lines (invoice_id);

CREATE TABLE billing.payments (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    invoice_id bigint NOT NULL REFERENCES billing.invoices (id),
    amount billing.cents NOT NULL,
    method text NOT NULL,
    provider_ref text,
    paid_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_invoice_idx ON billing.payments (invoice_id) INCLUDE (amount);

-- ---------------------------------------------------------------- audit
CREATE SEQUENCE audit.events_id_seq;
CREATE TABLE audit.events (
    id bigint NOT NULL DEFAULT nextval('audit.events_id_seq'),
    occurred_at timestamptz NOT NULL DEFAULT now(),
    tenant_id uuid,
    actor text NOT NULL DEFAULT current_user,
    table_name text NOT NULL,
    operation audit.operation NOT NULL,
    row_id text,
    old_row jsonb,
    new_row jsonb,
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);
ALTER SEQUENCE audit.events_id_seq OWNED BY audit.events.id;
CREATE TABLE audit.events_2025_01 PARTITION OF audit.events FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2025-02-01 00:00:00+00');
CREATE TABLE audit.events_2025_02 PARTITION OF audit.events FOR VALUES FROM ('2025-02-01 00:00:00+00') TO ('2025-03-01 00:00:00+00');
CREATE TABLE audit.events_2025_03 PARTITION OF audit.events FOR VALUES FROM ('2025-03-01 00:00:00+00') TO ('2025-04-01 00:00:00+00');
CREATE TABLE audit.events_default PARTITION OF audit.events DEFAULT;
CREATE INDEX events_tenant_idx ON audit.events (tenant_id, occurred_at DESC);
CREATE INDEX events_table_row_idx ON audit.events (table_name, row_id);
COMMENT ON TABLE audit.events IS 'One row per audited change, partitioned by month';

CREATE TABLE audit.login_attempts (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email citext NOT NULL,
    ip inet,
    success boolean NOT NULL,
    attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_attempted_brin ON audit.login_attempts USING brin (attempted_at);
CREATE INDEX login_attempts_email_idx ON audit.login_attempts (lower(email::text), attempted_at DESC);

CREATE FUNCTION audit.log_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path = pg_catalog, audit
    AS $$
BEGIN
    INSERT INTO audit.events (tenant_id, table_name, operation, row_id, old_row, new_row)
    VALUES (
        CASE WHEN TG_OP = 'DELETE' THEN (to_jsonb(OLD) ->> 'tenant_id')::uuid ELSE (to_jsonb(NEW) ->> 'tenant_id')::uuid END,
        TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME,
        TG_OP::audit.operation,
        CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ->> 'id' ELSE to_jsonb(NEW) ->> 'id' END,
        CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE to_jsonb(OLD) END,
        CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE to_jsonb(NEW) END
    );
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION audit.log_change() IS 'Generic row audit trigger';

-- ---------------------------------------------------------------- triggers
CREATE TRIGGER tenants_updated_at BEFORE UPDATE ON app.tenants FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER users_updated_at BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER projects_updated_at BEFORE UPDATE ON app.projects FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER tasks_updated_at BEFORE UPDATE ON app.tasks FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER task_comments_updated_at BEFORE UPDATE ON app.task_comments FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();
CREATE TRIGGER task_checklist_items_updated_at BEFORE UPDATE ON app.task_checklist_items FOR EACH ROW EXECUTE FUNCTION app.set_updated_at();

CREATE TRIGGER projects_audit AFTER INSERT OR UPDATE OR DELETE ON app.projects FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE TRIGGER tasks_audit AFTER INSERT OR UPDATE OR DELETE ON app.tasks FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE TRIGGER memberships_audit AFTER INSERT OR UPDATE OR DELETE ON app.memberships FOR EACH ROW EXECUTE FUNCTION audit.log_change();
CREATE TRIGGER subscriptions_audit AFTER INSERT OR UPDATE OR DELETE ON billing.subscriptions FOR EACH ROW EXECUTE FUNCTION audit.log_change();
COMMENT ON TRIGGER tasks_audit ON app.tasks IS 'Feeds the activity timeline';

-- ---------------------------------------------------------------- views
CREATE VIEW app.user_directory AS
    SELECT u.id, u.email, u.full_name, u.avatar_url, m.tenant_id, m.role
    FROM app.users u
    JOIN app.memberships m ON m.user_id = u.id;

CREATE VIEW app.project_overview AS
    SELECT p.id, p.tenant_id, p.name, p.status,
           count(t.id) AS task_count,
           count(t.id) FILTER (WHERE t.status = 'done') AS done_count
    FROM app.projects p
    LEFT JOIN app.tasks t ON t.project_id = p.id
    GROUP BY p.id;

CREATE VIEW app.open_tasks WITH (security_barrier = true) AS
    SELECT t.id, t.tenant_id, t.project_id, t.title, t.priority, t.assignee_id, t.due_on
    FROM app.tasks t
    WHERE t.status <> 'done';

CREATE VIEW billing.invoice_totals AS
    SELECT i.id AS invoice_id, i.tenant_id, i.number, i.status,
           coalesce(sum(l.amount), 0) AS total
    FROM billing.invoices i
    LEFT JOIN billing.invoice_lines l ON l.invoice_id = i.id
    GROUP BY i.id;

CREATE MATERIALIZED VIEW billing.monthly_revenue AS
    SELECT date_trunc('month', i.issued_on)::date AS month, i.currency, sum(t.total) AS revenue, count(*) AS invoices
    FROM billing.invoices i
    JOIN billing.invoice_totals t ON t.invoice_id = i.id
    WHERE i.status = 'paid'
    GROUP BY 1, 2;
CREATE UNIQUE INDEX monthly_revenue_key ON billing.monthly_revenue (month, currency);
COMMENT ON MATERIALIZED VIEW billing.monthly_revenue IS 'Refreshed nightly';

-- ---------------------------------------------------------------- row-level security
ALTER TABLE app.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.tasks ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.task_comments ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.labels ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.attachments ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.time_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.notifications ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.webhooks ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE app.task_checklist_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing.invoices ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing.invoices FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON app.projects USING (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY tenant_isolation ON app.tasks USING (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY tenant_isolation ON app.task_comments USING (tenant_id = current_setting('app.tenant_id')::uuid);
CREATE POLICY tenant_isolation ON app.labels USING (tenant_id = app.current_tenant_id());
CREATE POLICY tenant_isolation ON app.attachments USING (tenant_id = app.current_tenant_id());
CREATE POLICY tenant_isolation ON app.time_entries USING (tenant_id = app.current_tenant_id());
CREATE POLICY tenant_isolation ON app.notifications USING (tenant_id = app.current_tenant_id());
CREATE POLICY tenant_isolation ON app.webhooks USING (tenant_id = app.current_tenant_id());
CREATE POLICY tenant_isolation ON app.invitations USING (tenant_id = app.current_tenant_id());
CREATE POLICY tenant_isolation ON app.task_checklist_items USING (tenant_id = app.current_tenant_id());
CREATE POLICY comments_author_edit ON app.task_comments AS RESTRICTIVE FOR UPDATE TO retort_writer
    USING (author_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY notifications_own ON app.notifications AS RESTRICTIVE FOR SELECT
    USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid);
CREATE POLICY invoices_tenant_read ON billing.invoices FOR SELECT TO retort_reader, retort_writer
    USING (tenant_id = app.current_tenant_id());
CREATE POLICY invoices_staff_write ON billing.invoices FOR ALL TO retort_writer
    USING (tenant_id = app.current_tenant_id()) WITH CHECK (tenant_id = app.current_tenant_id() AND status <> 'void');

-- ---------------------------------------------------------------- privileges
GRANT USAGE ON SCHEMA app, billing TO retort_reader, retort_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA app TO retort_reader;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO retort_writer;
GRANT SELECT ON ALL TABLES IN SCHEMA billing TO retort_reader, retort_writer;

-- ---------------------------------------------------------------- reference data
INSERT INTO billing.plans (code, name, monthly_price, currency, max_projects) VALUES
    ('free', 'Free', 0, 'EUR', 3),
    ('team', 'Team', 1200, 'EUR', 50),
    ('business', 'Business', 4900, 'EUR', NULL);
INSERT INTO billing.tax_rates VALUES ('DE', 0.19), ('FR', 0.20), ('NL', 0.21);
INSERT INTO app.feature_flags (key, description, enabled, rollout_percent) VALUES
    ('new_board', 'Kanban board v2', true, 25),
    ('ai_summary', 'Summaries of long threads', false, 0);
