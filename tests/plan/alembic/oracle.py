#!/usr/bin/python3
"""Runs Alembic itself on revision graphs and prints what it does: the oracle behind retort's
target, plan, stamp and history test tables (tests/plan/*_test.cpp). Nothing in the build or the
tests runs it; it needs Debian's python3-alembic (1.8.1 when the tables were written).

    oracle.py CASES.txt      one line per case: GRAPH|ROWS|COMMAND|TARGET[|TARGET...], where GRAPH
                             is a name from GRAPHS (the same graphs as tests/plan/graphs.hpp), ROWS
                             the comma-separated version rows to start from (written with
                             stamp --purge), COMMAND upgrade, downgrade, stamp or history
    oracle.py --steps CASE.json
                             {"graph": [[rev, [down_revisions], [branch_labels], [depends_on]], ...],
                              "steps": [[command, argument...], ...]} on one database, one JSON line
                             per step; commands: upgrade T, downgrade T, stamp T [T...],
                             stamp-purge T, set [ROW...], history RANGE, current, upgrade-sql RANGE,
                             downgrade-sql RANGE, stamp-sql RANGE, revision-head T (get_revisions)
"""

import builtins, io, json, os, sys, tempfile

from alembic import command
from alembic.config import Config

ENV_PY = '''
from alembic import context
from sqlalchemy import create_engine
config = context.config
if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as connection:
        context.configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
'''

SCRIPT = '''
import builtins
revision = {rev!r}
down_revision = {down!r}
branch_labels = {labels!r}
depends_on = {deps!r}
def upgrade():
    builtins.ORACLE_LOG.append("up " + revision)
def downgrade():
    builtins.ORACLE_LOG.append("down " + revision)
'''


def one(values):
    if not values:
        return None
    return values[0] if len(values) == 1 else tuple(values)


def make_project(root, graph):
    os.makedirs(os.path.join(root, "versions"))
    with open(os.path.join(root, "env.py"), "w") as f:
        f.write(ENV_PY)
    with open(os.path.join(root, "script.py.mako"), "w") as f:
        f.write("")
    for entry in graph:
        rev, down, labels, deps = (list(entry) + [[], [], []])[:4]
        with open(os.path.join(root, "versions", rev + ".py"), "w") as f:
            f.write(SCRIPT.format(rev=rev, down=one(down), labels=one(labels), deps=one(deps)))


def rows(url):
    from sqlalchemy import create_engine, inspect, text
    engine = create_engine(url)
    with engine.connect() as c:
        if not inspect(c).has_table("alembic_version"):
            return []
        return sorted(r[0] for r in c.execute(text("SELECT version_num FROM alembic_version")))


def run(case):
    with tempfile.TemporaryDirectory() as root:
        make_project(root, case["graph"])
        url = "sqlite:///" + os.path.join(root, "db.sqlite")
        for step in case["steps"]:
            out = io.StringIO()
            cfg = Config(stdout=out, output_buffer=out)
            cfg.set_main_option("script_location", root)
            cfg.set_main_option("sqlalchemy.url", url)
            builtins.ORACLE_LOG = []
            name, args = step[0], step[1:]
            try:
                if name == "upgrade":
                    command.upgrade(cfg, args[0])
                elif name == "downgrade":
                    command.downgrade(cfg, args[0])
                elif name == "stamp":
                    command.stamp(cfg, args if len(args) > 1 else args[0])
                elif name == "stamp-purge":
                    command.stamp(cfg, args[0], purge=True)
                elif name == "set":
                    command.stamp(cfg, list(args) if args else "base", purge=True)
                elif name == "history":
                    command.history(cfg, args[0] if args else None)
                elif name == "current":
                    command.current(cfg)
                elif name == "upgrade-sql":
                    command.upgrade(cfg, args[0], sql=True)
                elif name == "downgrade-sql":
                    command.downgrade(cfg, args[0], sql=True)
                elif name == "stamp-sql":
                    command.stamp(cfg, args[0], sql=True)
                elif name == "revision-head":
                    from alembic.script import ScriptDirectory
                    script = ScriptDirectory.from_config(cfg)
                    out.write(" ".join(sorted(r.revision for r in script.revision_map.get_revisions(args[0]) if r)))
                else:
                    raise SystemExit("unknown step " + name)
                printed = out.getvalue()
                if name.endswith("-sql"):
                    printed = "\n".join(l for l in printed.splitlines()
                                        if "alembic_version" in l and not l.startswith("CREATE"))
                result = {"ok": True, "ran": builtins.ORACLE_LOG, "rows": rows(url)}
                if printed and name not in ("upgrade", "downgrade", "stamp", "stamp-purge", "set"):
                    result["printed"] = printed.rstrip("\n").split("\n")
            except Exception as e:  # Alembic's CommandError and friends
                result = {"ok": False, "error": type(e).__name__ + ": " + str(e), "rows": rows(url)}
            print(json.dumps({"step": step, **result}))



GRAPHS = {
    "linear": [["a", []], ["b", ["a"]], ["c", ["b"]], ["d", ["c"]]],
    "branched": [["r", []], ["a1", ["r"], ["fa"]], ["a2", ["a1"]], ["b1", ["r"], ["fb"]], ["b2", ["b1"]]],
    "merged": [["r", []], ["a", ["r"]], ["b", ["r"]], ["m", ["a", "b"]], ["n", ["m"]]],
    "two_bases": [["x1", [], ["fx"]], ["x2", ["x1"]], ["y1", []], ["y2", ["y1"]]],
    "with_dependency": [["x", []], ["p", []], ["y", ["p"], [], ["x"]]],
    "labelled": [["root", []], ["a1a1", ["root"], ["fa"]], ["a2a2", ["a1a1"]], ["cc01", ["a2a2"], ["abcd"]],
                 ["b1b1", ["root"], ["fb"]], ["b2b2", ["b1b1"]], ["abcd1234", ["root"]]],
    "dependency_on_label": [["xa01", [], ["fx"]], ["xa02", ["xa01"]], ["yb01", []], ["yb02", ["yb01"], [], ["fx"]]],
    "empty_folder": [],
}


def run_cases(lines):
    """One line of output per case: what ran and the rows after it, what history showed, or the error."""
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        graph, rows_text, cmd, *targets = line.split("|")
        start = [r for r in rows_text.split(",") if r]
        captured = io.StringIO()
        real_stdout, sys.stdout = sys.stdout, captured
        try:
            run({"graph": GRAPHS[graph], "steps": [["set", *start], [cmd, *targets]]})
        finally:
            sys.stdout = real_stdout
        r = json.loads(captured.getvalue().strip().splitlines()[-1])
        if not r["ok"]:
            answer = "ERROR " + r["error"]
        elif cmd == "history":
            answer = "shows " + ", ".join(l.split(" -> ")[1].split(" ")[0].rstrip(",") for l in r.get("printed", []))
        else:
            answer = "ran " + ", ".join(r["ran"]) + " -> rows " + ",".join(r["rows"])
        print(f"{graph:20} [{','.join(start):10}] {cmd} {' '.join(targets):14} => {answer}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--steps":
        run(json.loads(open(sys.argv[2]).read()))
    elif len(sys.argv) > 1:
        run_cases(open(sys.argv[1]).read().splitlines())
    else:
        raise SystemExit(__doc__)
