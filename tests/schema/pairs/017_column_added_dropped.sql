-- pair: columns added at the end (nullable, NOT NULL with a default, array) and dropped in reverse; rows present
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, email text NOT NULL);
INSERT INTO public.users VALUES (1, 'a@example.com'), (2, 'b@example.com');
-- @to
CREATE TABLE public.users (
    id bigint PRIMARY KEY,
    email text NOT NULL,
    nickname text,
    is_admin boolean NOT NULL DEFAULT false,
    roles text[] NOT NULL DEFAULT ARRAY['member']::text[]
);
INSERT INTO public.users VALUES (1, 'a@example.com'), (2, 'b@example.com');
