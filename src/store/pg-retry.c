/*
 * pg-retry.c: what pgc_txn()'s tries stand on (pg-conn.h): the retry
 * gate, one per process, and the fate of a transaction whose COMMIT's
 * reply was lost with the connection.
 */
#include "store/pg-conn.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

/*
 * The retry gate.  This process's write transactions pass it together;
 * a try after a conflict passes it alone, once those in flight are done,
 * so the writers that beat it cannot come round again meanwhile.  Without
 * it a save that keeps meeting fresh saves of the same row could lose
 * every try while each of the others won (seen: a few saves of a
 * 64-connection autosave run on one row failed after eight tries).
 */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t turn;
	int together;           /* transactions through, side by side */
	int alone;              /* 1 while a retry is through, alone */
	int waiting;            /* retries waiting to go alone */
} gate = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0 };

void pgc_gate_enter(int alone)
{
	pthread_mutex_lock(&gate.lock);
	if (alone) {
		gate.waiting++;
		while (gate.alone || gate.together)
			pthread_cond_wait(&gate.turn, &gate.lock);
		gate.waiting--;
		gate.alone = 1;
	} else {
		while (gate.alone || gate.waiting)
			pthread_cond_wait(&gate.turn, &gate.lock);
		gate.together++;
	}
	pthread_mutex_unlock(&gate.lock);
}

void pgc_gate_leave(int alone)
{
	pthread_mutex_lock(&gate.lock);
	if (alone)
		gate.alone = 0;
	else
		gate.together--;
	if (alone || !gate.together)
		pthread_cond_broadcast(&gate.turn);
	pthread_mutex_unlock(&gate.lock);
}

/* What became of transaction xid, asked on a new connection. */
enum pgc_xact pgc_xact_status(struct pgc *pc, uint64_t xid)
{
	char sql[80];
	PGresult *res;
	enum pgc_xact x = X_UNKNOWN;
	const char *v;

	snprintf(sql, sizeof(sql), "SELECT pg_xact_status('%llu'::xid8)",
		 (unsigned long long)xid);
	res = PQexec(pgc_pq(pc), sql);
	if (pgc_check(pc, res) == STORE_OK && PQntuples(res) == 1 &&
	    !PQgetisnull(res, 0, 0)) {
		v = PQgetvalue(res, 0, 0);
		x = !strcmp(v, "committed") ? X_COMMITTED :
		    !strcmp(v, "aborted") ? X_ABORTED :
		    !strcmp(v, "in progress") ? X_RUNNING : X_UNKNOWN;
	}
	PQclear(res);
	return x;
}

/*
 * The old session still holds the transaction open (its end of the
 * connection has not noticed it is gone, as after a network cut): end
 * it, so that it rolls back.  Only if it is still ours: the same process
 * and the same transaction id (its low 32 bits, as backend_xid shows).
 */
void pgc_end_old_session(struct pgc *pc, uint64_t xid, int pid)
{
	char sql[200];

	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(pid, 1000)"
		 " FROM pg_stat_activity WHERE pid = %d"
		 " AND backend_xid = '%llu'::xid", pid,
		 (unsigned long long)(xid & 0xffffffffu));
	PQclear(PQexec(pgc_pq(pc), sql));
}
