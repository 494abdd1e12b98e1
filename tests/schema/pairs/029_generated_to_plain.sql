-- pair: generated column becomes a plain column (ALTER COLUMN DROP EXPRESSION); reverse needs drop + add of the last column
-- @from
CREATE TABLE public.boxes (id bigint PRIMARY KEY, w integer NOT NULL, h integer NOT NULL, area integer GENERATED ALWAYS AS (w * h) STORED);
-- @to
CREATE TABLE public.boxes (id bigint PRIMARY KEY, w integer NOT NULL, h integer NOT NULL, area integer);
