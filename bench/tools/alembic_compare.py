# alembic_compare.py — Alembic's reflect-and-compare of a live schema, for bench/schema.sh:
# MetaData.reflect() of every table, then alembic.autogenerate.compare_metadata of that
# metadata against the same database (what `alembic revision --autogenerate` does before it writes
# anything). ALEMBIC_URL names the database (postgresql+psycopg2://…). Prints the number of
# differences found (0: the comparison itself works) on stderr.
import os
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, create_engine, pool

engine = create_engine(os.environ["ALEMBIC_URL"], poolclass=pool.NullPool)
metadata = MetaData()
metadata.reflect(bind=engine)
with engine.connect() as connection:
    context = MigrationContext.configure(connection)
    differences = compare_metadata(context, metadata)
print(f"{len(metadata.tables)} tables reflected, {len(differences)} differences", file=sys.stderr)
