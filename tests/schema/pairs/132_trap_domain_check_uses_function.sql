-- pair: trap — a domain's CHECK calls a user function and a column uses the domain (function, domain, column in that order; reverse drops column, domain, function)
-- @from
CREATE TABLE public.cards (id bigint PRIMARY KEY, number text NOT NULL);
INSERT INTO public.cards VALUES (1, '4111111111111111');
-- @to
CREATE FUNCTION public.luhn_ok(n text) RETURNS boolean LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    total integer := 0;
    d integer;
    i integer;
    len integer := length(n);
BEGIN
    FOR i IN 1 .. len LOOP
        d := substr(n, len - i + 1, 1)::integer;
        IF i % 2 = 0 THEN
            d := d * 2;
            IF d > 9 THEN d := d - 9; END IF;
        END IF;
        total := total + d;
    END LOOP;
    RETURN total % 10 = 0;
END;
$$;
CREATE DOMAIN public.card_number AS text CONSTRAINT card_number_luhn CHECK (public.luhn_ok(VALUE));
CREATE TABLE public.cards (id bigint PRIMARY KEY, number public.card_number NOT NULL);
INSERT INTO public.cards VALUES (1, '4111111111111111');
