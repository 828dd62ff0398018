/*
 * sqlite-query.h - for the report store's unit tests: the integer a
 * one-row query answers on a SQLite file, read on a connection of its
 * own. Header only; bails out when the file or the query is unusable.
 */
#ifndef SQLITE_QUERY_H
#define SQLITE_QUERY_H

#include <sqlite3.h>

#include "tap.h"

/* query_int - the integer the one-row query sql answers on path, or -1 */
static inline long long
query_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		bail_out("cannot open %s", path);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		bail_out("query %s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

#endif
