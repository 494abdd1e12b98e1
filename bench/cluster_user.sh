# bench/cluster_user.sh — sourced by the bench scripts that start a throwaway cluster: the user it
# runs as. PostgreSQL refuses to run as root, so as root initdb, pg_ctl and the server run as
# `postgres` (`nobody` where there is no such user); otherwise as the caller.
PG_USER=postgres
id postgres >/dev/null 2>&1 || PG_USER=nobody
run_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u "$PG_USER" -- "$@"; else "$@"; fi; }
# give_to_pg DIR... — makes the folders the cluster's user's (as root; nothing to do otherwise).
give_to_pg() { [ "$(id -u)" != 0 ] || chown "$PG_USER" "$@"; }
