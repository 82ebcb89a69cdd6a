/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source_mail.c: mbox mailboxes and single messages (.eml), MIME decoded by GMime, for
 * source.c.
 *
 * Each message is one item under its Message-ID (without the angle brackets; "message-N" when
 * it has none), with From as author and Date as date.  Its text is the Subject line and every
 * text part, transfer encoding (base64, quoted-printable) undone and converted from its charset
 * to UTF-8: of a multipart/alternative only the plain part (or, lacking one, the HTML part,
 * reduced to text).  A part that is not text (an attached .docx, a zip) is read like any input,
 * under the message's id, as an attachment.  Nested messages (message/rfc822) are walked too.
 * GMime is loaded by the first message read (dynlib.h; when it cannot be, the input is a note
 * naming it) and initialized once per process (pthread_once); a walk deeper than 64 parts
 * stops.
 */
#include <pthread.h>
#include <string.h>

#include <gmime/gmime.h>

#include "html_to_text.h"
#include "source_internal.h"
/* last: GMime's functions become pointers loaded at first use (dynlib.h) */
#include "dynlib_mail.h"

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void
gmime_start(void)
{
    g_mime_init();
}

/* The decoded content of a leaf part, converted to UTF-8 when it is text. */
static int
part_bytes(tt_buf *out, GMimePart *part, int text)
{
    GMimeDataWrapper *w = g_mime_part_get_content(part);
    if (!w)
        return 0;
    GMimeStream *mem = g_mime_stream_mem_new();
    GMimeStream *dst = mem;
    const char *cs = text ? g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset")
                          : NULL;
    GMimeFilter *f = NULL;
    if (cs && g_ascii_strcasecmp(cs, "utf-8") != 0 && g_ascii_strcasecmp(cs, "us-ascii") != 0 &&
        (f = g_mime_filter_charset_new(cs, "UTF-8")) != NULL) {
        dst = g_mime_stream_filter_new(mem);
        g_mime_stream_filter_add(GMIME_STREAM_FILTER(dst), f);
        g_object_unref(f);
    }
    g_mime_data_wrapper_write_to_stream(w, dst);
    g_mime_stream_flush(dst);
    GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    int rc = ba && ba->len ? tt_buf_add(out, ba->data, ba->len) : 0;
    if (dst != mem)
        g_object_unref(dst);
    g_object_unref(mem);
    return rc ? TT_ENOMEM : 0;
}

typedef struct walkctx {
    tt_source *s;
    const char *id;
    const tt_source_meta *m;
    int depth;
    tt_buf *text;
    int parts;
} walkctx;

static int
is_text(GMimeObject *o, const char *sub)
{
    GMimeContentType *ct = g_mime_object_get_content_type(o);
    return ct && g_mime_content_type_is_type(ct, "text", sub);
}

static int walk(walkctx *w, GMimeObject *o);

static int
leaf(walkctx *w, GMimePart *p)
{
    GMimeObject *o = GMIME_OBJECT(p);
    int rc = 0;
    if (is_text(o, "plain") || is_text(o, "html")) {
        tt_buf b;
        tt_buf_init(&b);
        rc = part_bytes(&b, p, 1);
        if (!rc && w->text->len && tt_buf_adds(w->text, "\n\n"))
            rc = TT_ENOMEM;
        if (!rc && is_text(o, "html")) {
            tt_err e = {0};
            rc = tt_html__to_text(w->text, b.data ? b.data : "", b.len, &e);
        } else if (!rc && tt_buf_add(w->text, b.data ? b.data : "", b.len)) {
            rc = TT_ENOMEM;
        }
        tt_buf_release(&b);
        return rc;
    }
    /* an attachment: read like any input, under the message */
    const char *fn = g_mime_part_get_filename(p);
    tt_buf b;
    tt_buf_init(&b);
    rc = part_bytes(&b, p, 0);
    if (!rc && b.len && !(rc = tt_source__charge(w->s, w->id, b.len, 1))) {
        tt_source_meta am = *w->m;
        am.attachment = fn ? fn : "attachment";
        rc = tt_source__read(w->s, w->id, am.attachment, b.data, b.len, w->depth + 1, &am);
    }
    tt_buf_release(&b);
    return rc;
}

static int
walk(walkctx *w, GMimeObject *o)
{
    if (!o || ++w->parts > 64)
        return 0;
    if (GMIME_IS_MULTIPART(o)) {
        GMimeMultipart *mp = GMIME_MULTIPART(o);
        int n = g_mime_multipart_get_count(mp);
        GMimeContentType *ct = g_mime_object_get_content_type(o);
        if (ct && g_mime_content_type_is_type(ct, "multipart", "alternative")) {
            GMimeObject *best = NULL;
            for (int i = 0; i < n; i++) {
                GMimeObject *c = g_mime_multipart_get_part(mp, i);
                if (is_text(c, "plain")) {
                    best = c;
                    break;
                }
                if (!best)
                    best = c;
            }
            return walk(w, best);
        }
        for (int i = 0; i < n; i++) {
            int rc = walk(w, g_mime_multipart_get_part(mp, i));
            if (rc)
                return rc;
        }
        return 0;
    }
    if (GMIME_IS_MESSAGE_PART(o)) {
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
        return inner ? walk(w, g_mime_message_get_mime_part(inner)) : 0;
    }
    if (GMIME_IS_PART(o))
        return leaf(w, GMIME_PART(o));
    return 0;
}

static int
message(tt_source *s, const char *base, GMimeMessage *msg, size_t n, int depth,
        const tt_source_meta *pm, const char *fmt)
{
    char num[32];
    snprintf(num, sizeof num, "message-%zu", n);
    const char *mid = g_mime_message_get_message_id(msg);
    char *from = NULL;
    InternetAddressList *fl = g_mime_message_get_from(msg);
    if (fl && internet_address_list_length(fl) > 0)
        from = internet_address_list_to_string(fl, NULL, FALSE);
    const char *date = g_mime_object_get_header(GMIME_OBJECT(msg), "Date");
    tt_source_meta m = pm ? *pm : (tt_source_meta){0};
    m.author = from;
    m.date = date;
    char *id;
    int rc = tt_source__id(&id, base, mid && *mid ? mid : num);
    tt_buf text;
    tt_buf_init(&text);
    if (!rc) {
        const char *subj = g_mime_message_get_subject(msg);
        if (subj && tt_buf_printf(&text, "Subject: %s", subj))
            rc = TT_ENOMEM;
    }
    /* the message's item goes first and its attachments after it: it is queued now and
     * given its text when the walk is done */
    size_t slot = tt_source__queued(s);
    if (!rc)
        rc = tt_source__text(s, id, NULL, fmt, "", 0, &m);
    walkctx w = {s, id, &m, depth, &text, 0};
    if (!rc)
        rc = walk(&w, g_mime_message_get_mime_part(msg));
    if (!rc)
        rc = tt_source__set_text(s, slot, text.data ? text.data : "", text.len);
    tt_buf_release(&text);
    free(id);
    g_free(from);
    return rc;
}

int
tt_source__mail(tt_source *s, const char *base, const char *data, size_t len, int mbox,
                int depth, const tt_source_meta *m)
{
    tt_err e = {0};
    if (tt_dynlib__need(&e, "reading mail", TT_DL_GMIME) != 0)
        return tt_source__note(s, base, NULL, mbox ? "mbox" : "eml", m, "%s", tt__errmsg(&e));
    pthread_once(&gmime_once, gmime_start);
    GMimeStream *st = g_mime_stream_mem_new_with_buffer(data, len);
    GMimeParser *p = g_mime_parser_new_with_stream(st);
    g_object_unref(st);
    g_mime_parser_set_format(p, mbox ? GMIME_FORMAT_MBOX : GMIME_FORMAT_MESSAGE);
    int rc = 0;
    size_t n = 0;
    while (!rc && !g_mime_parser_eos(p)) {
        GMimeMessage *msg = g_mime_parser_construct_message(p, NULL);
        if (!msg)
            break;
        n++;
        rc = tt_source__charge(s, base, 0, 1);
        if (!rc)
            rc = message(s, base, msg, n, depth, m, mbox ? "mbox" : "eml");
        g_object_unref(msg);
        if (!mbox)
            break;
    }
    g_object_unref(p);
    if (!rc && n == 0)
        rc = tt_source__note(s, base, NULL, mbox ? "mbox" : "eml", m, "no message could be read");
    return rc == TT_ELIMIT ? 0 : rc;
}
