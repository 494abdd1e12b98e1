-- pair: exclusion constraint with btree_gist (room WITH =, during WITH &&) added together with the extension; a gist exclusion changed
-- @from
CREATE TABLE public.bookings (id bigint PRIMARY KEY, room_id integer NOT NULL, during tstzrange NOT NULL);
CREATE TABLE public.shifts (id bigint PRIMARY KEY, during tsrange NOT NULL,
    CONSTRAINT shifts_no_overlap EXCLUDE USING gist (during WITH &&));
-- @to
CREATE EXTENSION btree_gist;
CREATE TABLE public.bookings (id bigint PRIMARY KEY, room_id integer NOT NULL, during tstzrange NOT NULL,
    CONSTRAINT bookings_no_double_booking EXCLUDE USING gist (room_id WITH =, during WITH &&));
CREATE TABLE public.shifts (id bigint PRIMARY KEY, during tsrange NOT NULL,
    CONSTRAINT shifts_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (NOT isempty(during)));
