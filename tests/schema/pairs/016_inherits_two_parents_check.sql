-- pair: a second parent added to a child (multiple inheritance) with an inherited CHECK constraint
-- @from
CREATE TABLE public.timestamps (created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE public.owned (owner_id bigint NOT NULL, CONSTRAINT owned_owner_positive CHECK (owner_id > 0));
CREATE TABLE public.documents (title text NOT NULL) INHERITS (public.timestamps);
-- @to
CREATE TABLE public.timestamps (created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE public.owned (owner_id bigint NOT NULL, CONSTRAINT owned_owner_positive CHECK (owner_id > 0));
-- built the way an ALTER reaches it: created_at (inherited), title, owner_id — CREATE TABLE … INHERITS (timestamps, owned) would put owner_id before title
CREATE TABLE public.documents (title text NOT NULL) INHERITS (public.timestamps);
ALTER TABLE public.documents ADD COLUMN owner_id bigint NOT NULL;
ALTER TABLE public.documents ADD CONSTRAINT owned_owner_positive CHECK (owner_id > 0);
ALTER TABLE public.documents INHERIT public.owned;
