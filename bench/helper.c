/*
 * helper: what the in-process benchmarks share (helper.h).
 */
#include "helper.h"
#include "model/session.h"
#include "store/store.h"
#include "web/router.h"

#include <stdio.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int load_session(struct store *st, const char *file)
{
	struct import_error ierr;
	struct session s;
	char *src;
	size_t len;
	FILE *f;
	int rc = -1;

	if (!(f = fopen(file, "rb")))
		return -1;
	if (!(src = malloc(1 << 20))) {
		fclose(f);
		return -1;
	}
	len = fread(src, 1, (1 << 20) - 1, f);
	fclose(f);
	if (!session_parse(src, len, &s, &ierr)) {
		if (store_course_put(st, &s, src, len) == STORE_OK && !app_load(st))
			rc = 0;
		session_release(&s);
	}
	free(src);
	return rc;
}
