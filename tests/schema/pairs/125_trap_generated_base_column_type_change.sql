-- pair: trap — ALTER COLUMN TYPE on a column that a generated column reads is refused: the generated (last) column is dropped, the base column altered, the generated column re-added
-- @from
CREATE TABLE public.rectangles (id bigint PRIMARY KEY, width integer NOT NULL, height integer NOT NULL, area bigint GENERATED ALWAYS AS (width::bigint * height) STORED);
INSERT INTO public.rectangles (id, width, height) VALUES (1, 3, 4);
-- @to
CREATE TABLE public.rectangles (id bigint PRIMARY KEY, width numeric NOT NULL, height integer NOT NULL, area bigint GENERATED ALWAYS AS (width::bigint * height) STORED);
INSERT INTO public.rectangles (id, width, height) VALUES (1, 3, 4);
