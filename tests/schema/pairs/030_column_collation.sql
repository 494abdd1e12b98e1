-- pair: column collation set to "C" and "POSIX" and removed again, with an index on the column
-- @from
CREATE TABLE public.words (id bigint PRIMARY KEY, word text NOT NULL, code varchar(20) COLLATE "C", label text);
CREATE INDEX words_word_idx ON public.words (word);
-- @to
CREATE TABLE public.words (id bigint PRIMARY KEY, word text COLLATE "C" NOT NULL, code varchar(20), label text COLLATE "POSIX");
CREATE INDEX words_word_idx ON public.words (word);
