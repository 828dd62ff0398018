/*
 * report_queue_int.h - the records the queue holds and their aggregation,
 * shared by report_queue.c and report_batch.c (and their unit test).
 */
#ifndef REPORT_QUEUE_INT_H
#define REPORT_QUEUE_INT_H

#include <stddef.h>

#include "report/report_store.h"

/* One message's row and policy; the strings live in str[]. */
struct report_rec {
	struct report_rec *next;
	struct report_row row;
	struct report_policy pol;
	char str[];
};

/*
 * report_rec_new - a copy of row (n = 1) and pol in one allocation of at
 * most max string bytes; NULL when longer or out of memory.
 */
struct report_rec *report_rec_new(
    const struct report_row *row, const struct report_policy *pol, size_t max);

/* report_rec_free_list - free the list starting at r */
void report_rec_free_list(struct report_rec *r);

/*
 * report_batch_merge - sort the list *head by row key and sum identical
 * keys into one record (the one with the newest policy survives). Sets
 * *count to the records left. Returns 0, or -1 (no memory, list intact).
 */
int report_batch_merge(struct report_rec **head, size_t *count);

/*
 * report_batch_write - write the merged list to rs in one transaction.
 * Sets *msgs to the messages it holds. Returns report_store_add()'s value.
 */
int report_batch_write(struct report_store *rs, struct report_rec *head,
    size_t count, uint64_t *msgs, char *err, size_t len);

#endif
