#ifndef PROGRESS_H
#define PROGRESS_H

struct buf;
struct progress;

/* A labelled progress bar of readings done and prompts answered
 * (workbook.h's struct progress), on the session and exercise pages and
 * in an autosave's reply (progress.c); id must be unique on the page. */
void progress_bar(struct buf *b, const struct progress *p, const char *id);

#endif
