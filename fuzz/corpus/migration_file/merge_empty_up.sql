-- revision: 0007_merge
-- down_revision: 0005_feat2, 0006_fix
-- message: merge heads

-- migrate:up

-- migrate:down
