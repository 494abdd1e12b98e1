-- pair: foreign keys become DEFERRABLE INITIALLY DEFERRED / DEFERRABLE INITIALLY IMMEDIATE (ALTER CONSTRAINT in place) and a deferrable unique constraint
-- @from
CREATE TABLE public.nodes (id bigint PRIMARY KEY, position integer NOT NULL, CONSTRAINT nodes_position_key UNIQUE (position));
CREATE TABLE public.edges (
    src bigint NOT NULL REFERENCES public.nodes (id),
    dst bigint NOT NULL REFERENCES public.nodes (id) DEFERRABLE INITIALLY DEFERRED
);
-- @to
CREATE TABLE public.nodes (id bigint PRIMARY KEY, position integer NOT NULL, CONSTRAINT nodes_position_key UNIQUE (position) DEFERRABLE INITIALLY DEFERRED);
CREATE TABLE public.edges (
    src bigint NOT NULL REFERENCES public.nodes (id) DEFERRABLE INITIALLY DEFERRED,
    dst bigint NOT NULL REFERENCES public.nodes (id) DEFERRABLE
);
