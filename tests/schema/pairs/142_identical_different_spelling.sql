-- pair: identical — the same schema written two ways (inline vs ALTER TABLE constraints, int4/integer, varchar/character varying, bool/boolean, statement order, SERIAL vs explicit sequence + OWNED BY, different view whitespace): the diff must be empty
-- @from
CREATE SEQUENCE public.widgets_id_seq AS integer;
CREATE TABLE public.widgets (
    id int4 NOT NULL DEFAULT nextval('widgets_id_seq'::regclass),
    name character varying(80) NOT NULL,
    active bool NOT NULL DEFAULT true,
    price numeric(10, 2),
    maker_id int8
);
ALTER SEQUENCE public.widgets_id_seq OWNED BY public.widgets.id;
ALTER TABLE public.widgets ADD CONSTRAINT widgets_pkey PRIMARY KEY (id);
CREATE TABLE public.makers (id int8 NOT NULL, name text NOT NULL);
ALTER TABLE ONLY public.makers ADD CONSTRAINT makers_pkey PRIMARY KEY (id);
ALTER TABLE public.widgets ADD CONSTRAINT widgets_maker_id_fkey FOREIGN KEY (maker_id) REFERENCES public.makers(id);
ALTER TABLE public.widgets ADD CONSTRAINT widgets_price_check CHECK (price > 0);
CREATE INDEX widgets_name_idx ON public.widgets USING btree (name);
CREATE VIEW public.active_widgets AS
  SELECT   w.id,   w.name
  FROM     public.widgets w
  WHERE    w.active;
COMMENT ON TABLE public.widgets IS 'Widgets';
-- @to
CREATE TABLE public.makers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.widgets (
    id serial PRIMARY KEY,
    name varchar(80) NOT NULL,
    active boolean NOT NULL DEFAULT TRUE,
    price numeric(10,2) CHECK (price > 0),
    maker_id bigint REFERENCES public.makers
);
COMMENT ON TABLE public.widgets IS 'Widgets';
CREATE INDEX widgets_name_idx ON public.widgets (name);
CREATE VIEW public.active_widgets AS SELECT w.id, w.name FROM public.widgets AS w WHERE w.active;
