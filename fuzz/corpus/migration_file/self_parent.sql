-- revision: abc
-- down_revision: abc, abc
-- transaction: sometimes
-- migrate:up
SELECT 1;
-- migrate:up
