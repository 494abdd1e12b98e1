// A runner file that reaches into a driver and the commands above it: the layer check refuses both.
#include <libpq-fe.h>

#include "driver/postgres/pg_connection.hpp"
#include "retort/commands.hpp"
#include "retort/run.hpp"
