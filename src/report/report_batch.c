/*
 * report_batch.c - records for the report queue and their aggregation: a
 * batch is sorted on the dmarc_row key and identical keys become one row
 * with n summed, so a store sees one upsert per distinct row per batch.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report/report_queue_int.h"
#include "report/report_store_int.h"

#define REC_STRS (REPORT_ROW_COLS - 1 + REPORT_POLICY_COLS - 1)

/* rec_strs - pointers to every string field of r, rows first */
static void
rec_strs(struct report_row *r, struct report_policy *p, const char ***s)
{
	const char **f[REC_STRS] = { &r->day, &r->policy_domain, &r->source_ip,
		&r->header_from, &r->envelope_from, &r->envelope_to,
		&r->spf_domain, &r->spf_result, &r->dkim, &r->dmarc_dkim,
		&r->dmarc_spf, &r->disposition, &r->reasons, &p->day,
		&p->policy_domain, &p->discovery, &p->p, &p->sp, &p->np,
		&p->adkim, &p->aspf, &p->testing, &p->fo, &p->rua };

	memcpy(s, f, sizeof(f));
}

/* report_rec_new - copy row and pol into one allocation */
struct report_rec *
report_rec_new(
    const struct report_row *row, const struct report_policy *pol, size_t max)
{
	struct report_row r = *row;
	struct report_policy p = *pol;
	const char **f[REC_STRS];
	struct report_rec *rec;
	size_t i, total = 0, l;
	char *o;

	rec_strs(&r, &p, f);
	for (i = 0; i < REC_STRS; i++) {
		if (*f[i] == NULL)
			*f[i] = "";
		total += strlen(*f[i]) + 1;
		if (total > max)
			return NULL;
	}
	if ((rec = malloc(sizeof(*rec) + total)) == NULL)
		return NULL;
	rec->next = NULL;
	rec->row = r;
	rec->pol = p;
	rec->row.n = 1;
	rec_strs(&rec->row, &rec->pol, f);
	o = rec->str;
	for (i = 0; i < REC_STRS; i++) {
		l = strlen(*f[i]) + 1;
		memcpy(o, *f[i], l);
		*f[i] = o;
		o += l;
	}
	return rec;
}

/* report_rec_free_list - free every record from r on */
void
report_rec_free_list(struct report_rec *r)
{
	struct report_rec *next;

	for (; r != NULL; r = next) {
		next = r->next;
		free(r);
	}
}

/* key_cmp - order two records on the 13 key columns of dmarc_row */
static int
key_cmp(const void *a, const void *b)
{
	const struct report_rec *x = *(struct report_rec *const *)a;
	const struct report_rec *y = *(struct report_rec *const *)b;
	const char *cx[REPORT_ROW_COLS], *cy[REPORT_ROW_COLS];
	int i, c;

	report_row_cols(&x->row, cx);
	report_row_cols(&y->row, cy);
	for (i = 0; i < REPORT_ROW_COLS - 1; i++)
		if ((c = strcmp(cx[i], cy[i])) != 0)
			return c;
	return 0;
}

/* report_batch_merge - sort, then fold each run of equal keys into one */
int
report_batch_merge(struct report_rec **head, size_t *count)
{
	struct report_rec **v, *r, *keep;
	size_t n = 0, i, out = 0;

	for (r = *head; r != NULL; r = r->next)
		n++;
	*count = n;
	if (n < 2)
		return 0;
	if ((v = reallocarray(NULL, n, sizeof(*v))) == NULL)
		return -1;
	for (i = 0, r = *head; r != NULL; r = r->next)
		v[i++] = r;
	qsort(v, n, sizeof(*v), key_cmp);
	for (i = 0; i < n; i++) {
		if (out > 0 && key_cmp(&v[out - 1], &v[i]) == 0) {
			keep = v[out - 1];
			if (v[i]->pol.seen > keep->pol.seen) {
				v[i]->row.n += keep->row.n;
				free(keep);
				v[out - 1] = v[i];
			} else {
				keep->row.n += v[i]->row.n;
				free(v[i]);
			}
			continue;
		}
		v[out++] = v[i];
	}
	for (i = 0; i + 1 < out; i++)
		v[i]->next = v[i + 1];
	v[out - 1]->next = NULL;
	*head = v[0];
	*count = out;
	free(v);
	return 0;
}

/* same_policy - do a and b name the same (day, policy_domain)? */
static int
same_policy(const struct report_policy *a, const struct report_policy *b)
{
	return strcmp(a->day, b->day) == 0 &&
	    strcmp(a->policy_domain, b->policy_domain) == 0;
}

/* report_batch_write - rows as they are, one policy per (day, domain) */
int
report_batch_write(struct report_store *rs, struct report_rec *head,
    size_t count, uint64_t *msgs, char *err, size_t len)
{
	struct report_row *rows;
	struct report_policy *pols;
	struct report_rec *r;
	size_t nr = 0, np = 0;
	int rc;

	*msgs = 0;
	rows = reallocarray(NULL, count + 1, sizeof(*rows));
	pols = reallocarray(NULL, count + 1, sizeof(*pols));
	if (rows == NULL || pols == NULL) {
		free(rows);
		free(pols);
		report_err(err, len, "out of memory", NULL);
		return -1;
	}
	for (r = head; r != NULL && nr < count; r = r->next) {
		rows[nr++] = r->row;
		*msgs += (uint64_t)r->row.n;
		/* merged lists are sorted on (day, policy_domain) first, so
		 * a policy only repeats next to itself; an unmerged list
		 * writes some twice, which the upsert absorbs */
		if (np == 0 || !same_policy(&pols[np - 1], &r->pol))
			pols[np++] = r->pol;
		else if (r->pol.seen > pols[np - 1].seen)
			pols[np - 1] = r->pol;
	}
	rc = report_store_add(rs, rows, nr, pols, np, err, len);
	free(rows);
	free(pols);
	return rc;
}
