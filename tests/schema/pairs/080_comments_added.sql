-- pair: only comments differ: added on schema, table, column, view, view column, matview, index, constraint, function, type, domain, sequence, trigger, policy, extension
-- @from
CREATE EXTENSION citext;
CREATE SCHEMA crm;
CREATE TYPE crm.tier AS ENUM ('bronze', 'silver', 'gold');
CREATE DOMAIN crm.score AS integer CHECK (VALUE BETWEEN 0 AND 100);
CREATE SEQUENCE crm.lead_no;
CREATE TABLE crm.leads (id bigint PRIMARY KEY, email citext NOT NULL, tier crm.tier, score crm.score,
    CONSTRAINT leads_email_key UNIQUE (email));
CREATE INDEX leads_tier_idx ON crm.leads (tier);
CREATE VIEW crm.gold_leads AS SELECT id, email FROM crm.leads WHERE tier = 'gold';
CREATE MATERIALIZED VIEW crm.lead_stats AS SELECT tier, count(*) AS n FROM crm.leads GROUP BY tier;
CREATE FUNCTION crm.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
CREATE TRIGGER leads_touch BEFORE UPDATE ON crm.leads FOR EACH ROW EXECUTE FUNCTION crm.touch();
ALTER TABLE crm.leads ENABLE ROW LEVEL SECURITY;
CREATE POLICY leads_read ON crm.leads FOR SELECT USING (true);
-- @to
CREATE EXTENSION citext;
CREATE SCHEMA crm;
CREATE TYPE crm.tier AS ENUM ('bronze', 'silver', 'gold');
CREATE DOMAIN crm.score AS integer CHECK (VALUE BETWEEN 0 AND 100);
CREATE SEQUENCE crm.lead_no;
CREATE TABLE crm.leads (id bigint PRIMARY KEY, email citext NOT NULL, tier crm.tier, score crm.score,
    CONSTRAINT leads_email_key UNIQUE (email));
CREATE INDEX leads_tier_idx ON crm.leads (tier);
CREATE VIEW crm.gold_leads AS SELECT id, email FROM crm.leads WHERE tier = 'gold';
CREATE MATERIALIZED VIEW crm.lead_stats AS SELECT tier, count(*) AS n FROM crm.leads GROUP BY tier;
CREATE FUNCTION crm.touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
CREATE TRIGGER leads_touch BEFORE UPDATE ON crm.leads FOR EACH ROW EXECUTE FUNCTION crm.touch();
ALTER TABLE crm.leads ENABLE ROW LEVEL SECURITY;
CREATE POLICY leads_read ON crm.leads FOR SELECT USING (true);
COMMENT ON EXTENSION citext IS 'case-insensitive text for e-mail addresses';
COMMENT ON SCHEMA crm IS 'Customer relationship data';
COMMENT ON TYPE crm.tier IS 'Customer tier';
COMMENT ON DOMAIN crm.score IS 'A lead score, 0 to 100';
COMMENT ON SEQUENCE crm.lead_no IS 'Human-facing lead numbers';
COMMENT ON TABLE crm.leads IS 'Prospective customers';
COMMENT ON COLUMN crm.leads.email IS 'Primary contact address';
COMMENT ON CONSTRAINT leads_email_key ON crm.leads IS 'One lead per address';
COMMENT ON CONSTRAINT score_check ON DOMAIN crm.score IS 'Range check';
COMMENT ON INDEX crm.leads_tier_idx IS 'For tier reports';
COMMENT ON VIEW crm.gold_leads IS 'Leads worth a call';
COMMENT ON COLUMN crm.gold_leads.email IS 'Where to write';
COMMENT ON MATERIALIZED VIEW crm.lead_stats IS 'Counts per tier';
COMMENT ON FUNCTION crm.touch() IS 'Placeholder trigger function';
COMMENT ON TRIGGER leads_touch ON crm.leads IS 'Keeps rows fresh';
COMMENT ON POLICY leads_read ON crm.leads IS 'Everyone may read leads';
