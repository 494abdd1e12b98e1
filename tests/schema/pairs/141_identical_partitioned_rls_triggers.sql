-- pair: identical — partitioned table with DEFAULT partition, gist index on the parent, deferrable FKs, sequence-backed function default, constraint trigger disabled, RLS forced, aggregate, view grouping by PK: the diff must be empty
-- @from
CREATE EXTENSION btree_gist;
CREATE TABLE public.rooms (id integer PRIMARY KEY, name varchar(100) NOT NULL);
CREATE TABLE public.reservations (
    id bigint NOT NULL,
    room_id integer NOT NULL,
    during tstzrange NOT NULL,
    booked_at date NOT NULL,
    note text COLLATE "C",
    PRIMARY KEY (id, booked_at),
    CONSTRAINT reservations_room_fkey FOREIGN KEY (room_id) REFERENCES public.rooms (id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (booked_at);
CREATE TABLE public.reservations_2024 PARTITION OF public.reservations FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.reservations_2025 PARTITION OF public.reservations FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.reservations_other PARTITION OF public.reservations DEFAULT;
CREATE INDEX reservations_during_idx ON public.reservations USING gist (room_id, during);
CREATE SEQUENCE public.confirmation_numbers AS integer START 1000 CACHE 10 CYCLE;
CREATE FUNCTION public.next_confirmation() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'C' || nextval('public.confirmation_numbers') $$;
CREATE TABLE public.confirmations (
    code text PRIMARY KEY DEFAULT public.next_confirmation(),
    reservation_id bigint NOT NULL,
    reservation_day date NOT NULL,
    FOREIGN KEY (reservation_id, reservation_day) REFERENCES public.reservations (id, booked_at) ON DELETE CASCADE
);
CREATE FUNCTION public.audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    RAISE NOTICE '% %', TG_OP, TG_TABLE_NAME;
    RETURN NULL;
END;
$$;
CREATE TRIGGER confirmations_audit AFTER INSERT OR DELETE ON public.confirmations FOR EACH ROW EXECUTE FUNCTION public.audit();
CREATE CONSTRAINT TRIGGER rooms_audit AFTER UPDATE ON public.rooms DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.audit();
ALTER TABLE public.rooms DISABLE TRIGGER rooms_audit;
ALTER TABLE public.confirmations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.confirmations FORCE ROW LEVEL SECURITY;
CREATE POLICY confirmations_read ON public.confirmations AS RESTRICTIVE FOR SELECT TO retort_reader USING (reservation_day >= current_date - 30);
CREATE POLICY confirmations_write ON public.confirmations FOR INSERT TO retort_writer WITH CHECK (code LIKE 'C%');
CREATE AGGREGATE public.product(numeric) (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1');
CREATE VIEW public.room_load WITH (security_barrier = true) AS
    SELECT r.id, r.name, count(x.id) AS bookings FROM public.rooms r LEFT JOIN public.reservations x ON x.room_id = r.id GROUP BY r.id;
-- @to
CREATE EXTENSION btree_gist;
CREATE TABLE public.rooms (id integer PRIMARY KEY, name varchar(100) NOT NULL);
CREATE TABLE public.reservations (
    id bigint NOT NULL,
    room_id integer NOT NULL,
    during tstzrange NOT NULL,
    booked_at date NOT NULL,
    note text COLLATE "C",
    PRIMARY KEY (id, booked_at),
    CONSTRAINT reservations_room_fkey FOREIGN KEY (room_id) REFERENCES public.rooms (id) DEFERRABLE INITIALLY DEFERRED
) PARTITION BY RANGE (booked_at);
CREATE TABLE public.reservations_2024 PARTITION OF public.reservations FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE public.reservations_2025 PARTITION OF public.reservations FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE public.reservations_other PARTITION OF public.reservations DEFAULT;
CREATE INDEX reservations_during_idx ON public.reservations USING gist (room_id, during);
CREATE SEQUENCE public.confirmation_numbers AS integer START 1000 CACHE 10 CYCLE;
CREATE FUNCTION public.next_confirmation() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT 'C' || nextval('public.confirmation_numbers') $$;
CREATE TABLE public.confirmations (
    code text PRIMARY KEY DEFAULT public.next_confirmation(),
    reservation_id bigint NOT NULL,
    reservation_day date NOT NULL,
    FOREIGN KEY (reservation_id, reservation_day) REFERENCES public.reservations (id, booked_at) ON DELETE CASCADE
);
CREATE FUNCTION public.audit() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    RAISE NOTICE '% %', TG_OP, TG_TABLE_NAME;
    RETURN NULL;
END;
$$;
CREATE TRIGGER confirmations_audit AFTER INSERT OR DELETE ON public.confirmations FOR EACH ROW EXECUTE FUNCTION public.audit();
CREATE CONSTRAINT TRIGGER rooms_audit AFTER UPDATE ON public.rooms DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.audit();
ALTER TABLE public.rooms DISABLE TRIGGER rooms_audit;
ALTER TABLE public.confirmations ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.confirmations FORCE ROW LEVEL SECURITY;
CREATE POLICY confirmations_read ON public.confirmations AS RESTRICTIVE FOR SELECT TO retort_reader USING (reservation_day >= current_date - 30);
CREATE POLICY confirmations_write ON public.confirmations FOR INSERT TO retort_writer WITH CHECK (code LIKE 'C%');
CREATE AGGREGATE public.product(numeric) (SFUNC = numeric_mul, STYPE = numeric, INITCOND = '1');
CREATE VIEW public.room_load WITH (security_barrier = true) AS
    SELECT r.id, r.name, count(x.id) AS bookings FROM public.rooms r LEFT JOIN public.reservations x ON x.room_id = r.id GROUP BY r.id;
