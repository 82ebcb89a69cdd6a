/* SPDX-License-Identifier: Apache-2.0 */
/*
 * source_json.c: chat exports and JSON held in memory, for source.c.
 *
 * Telegram Desktop's export (result.json): one chat {"name", "type", "id", "messages": [...]}
 * or a whole account {"chats": {"list": [chat, ...]}}; a message's "text" is a string or an
 * array of strings and {"type", "text"} entities; "from", "date", "photo" and "file" (paths
 * relative to the export's folder) are kept.  Its url is https://t.me/c/CHAT/ID for channels
 * and supergroups (the link form that needs no public name), none for other chats.
 * DiscordChatExporter's JSON: {"guild": {"id"}, "channel": {"id"}, "messages": [{"id",
 * "timestamp", "content", "author": {"name", "nickname"}, "attachments": [{"url",
 * "fileName"}]}]}; the url is https://discord.com/channels/GUILD/CHANNEL/ID, and an attachment
 * whose url is a local path (an export made with its media) is read.
 * Any other JSON document: an array of objects is read as JSON lines would be (text field by
 * the same rules, id from "id" or the position); anything else is scanned as text.
 * The input is parsed whole by jansson (its own depth limit applies).
 */
#include <string.h>

#include <jansson.h>

#include "jsonl.h"
#include "source_internal.h"

/* A JSON scalar id as text: a string, or an integer's digits. */
static const char *
id_text(json_t *v, char *buf, size_t cap)
{
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, cap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return buf;
    }
    if (json_is_real(v)) {
        snprintf(buf, cap, "%.0f", json_real_value(v));
        return buf;
    }
    return NULL;
}

static const char *
str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static int
is_telegram(json_t *root)
{
    json_t *msgs = json_object_get(root, "messages");
    if (json_is_object(json_object_get(root, "chats")))
        return 1;
    if (!json_is_array(msgs) || json_object_get(root, "channel"))
        return 0;
    json_t *m0 = json_array_get(msgs, 0);
    return !m0 || json_object_get(m0, "date_unixtime") || json_object_get(m0, "from_id") ||
           json_is_string(json_object_get(root, "type"));
}

static int
telegram_chat(tt_source *s, const char *base, const char *chat_prefix, json_t *chat, int depth)
{
    char cid[64], mid[64];
    const char *chat_id = id_text(json_object_get(chat, "id"), cid, sizeof cid);
    const char *type = str(chat, "type");
    int linkable = type && (strstr(type, "channel") || strstr(type, "supergroup")) && chat_id;
    json_t *msgs = json_object_get(chat, "messages");
    size_t i;
    json_t *m;
    json_array_foreach(msgs, i, m) {
        if (!json_is_object(m))
            continue;
        const char *id = id_text(json_object_get(m, "id"), mid, sizeof mid);
        if (!id) {
            snprintf(mid, sizeof mid, "%zu", i + 1);
            id = mid;
        }
        char full[160];
        snprintf(full, sizeof full, "%s%s%s", chat_prefix ? chat_prefix : "",
                 chat_prefix ? "/" : "", id);
        char url[160];
        if (linkable)
            snprintf(url, sizeof url, "https://t.me/c/%s/%s", chat_id, id);
        tt_source_meta meta = {str(m, "from"), str(m, "date"), linkable ? url : NULL, NULL};
        if (!meta.author)
            meta.author = str(m, "actor");
        tt_buf t;
        tt_buf_init(&t);
        int got = tt_jsonl__text_of(&t, json_object_get(m, "text"));
        int rc = 0;
        if (got < 0)
            rc = TT_ENOMEM;
        else if (got > 0 && t.len > 0)
            rc = tt_source__text(s, base, full, "telegram", t.data, t.len, &meta);
        tt_buf_release(&t);
        if (rc)
            return rc;
        static const char *const keys[] = {"photo", "file"};
        for (size_t k = 0; k < 2; k++) {
            const char *rel = str(m, keys[k]);
            if (!rel || rel[0] == '(') /* "(File not included. ...)" */
                continue;
            char *fid;
            if (tt_source__id(&fid, base, full))
                return TT_ENOMEM;
            rc = tt_source__attachment(s, fid, rel, &meta, depth);
            free(fid);
            if (rc && rc != TT_ELIMIT)
                return rc;
        }
    }
    return 0;
}

static int
discord(tt_source *s, const char *base, json_t *root, int depth)
{
    char gid[64], cid[64], mid[64];
    const char *guild = id_text(json_object_get(json_object_get(root, "guild"), "id"), gid,
                                sizeof gid);
    const char *chan = id_text(json_object_get(json_object_get(root, "channel"), "id"), cid,
                               sizeof cid);
    if (guild && strcmp(guild, "0") == 0)
        guild = "@me"; /* direct messages */
    size_t i;
    json_t *m;
    json_array_foreach(json_object_get(root, "messages"), i, m) {
        if (!json_is_object(m))
            continue;
        const char *id = id_text(json_object_get(m, "id"), mid, sizeof mid);
        if (!id) {
            snprintf(mid, sizeof mid, "%zu", i + 1);
            id = mid;
        }
        char url[256];
        if (guild && chan)
            snprintf(url, sizeof url, "https://discord.com/channels/%s/%s/%s", guild, chan, id);
        json_t *a = json_object_get(m, "author");
        tt_source_meta meta = {str(a, "name"), str(m, "timestamp"), guild && chan ? url : NULL,
                               NULL};
        if (!meta.author)
            meta.author = str(a, "nickname");
        const char *content = str(m, "content");
        int rc = 0;
        if (content && *content)
            rc = tt_source__text(s, base, id, "discord", content, strlen(content), &meta);
        if (rc)
            return rc;
        size_t k;
        json_t *att;
        json_array_foreach(json_object_get(m, "attachments"), k, att) {
            const char *u = str(att, "url");
            if (!u)
                continue;
            char *fid;
            if (tt_source__id(&fid, base, id))
                return TT_ENOMEM;
            if (strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0) {
                tt_source_meta am = meta;
                am.attachment = u;
                rc = tt_source__note(s, fid, NULL, "attachment", &am,
                                     "attachment not read (not in the export, only its url)");
            } else {
                rc = tt_source__attachment(s, fid, u, &meta, depth);
            }
            free(fid);
            if (rc && rc != TT_ELIMIT)
                return rc;
        }
    }
    return 0;
}

/* An array of post objects, read as JSON lines would read them. */
static int
post_array(tt_source *s, const char *base, json_t *arr, const tt_source_meta *pm)
{
    const char *field = tt_source__text_field(s);
    static const char *const defaults[] = {"text", "content", "message.text"};
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o) {
        char num[64];
        const char *id = id_text(json_object_get(o, "id"), num, sizeof num);
        if (!id) {
            snprintf(num, sizeof num, "%zu", i + 1);
            id = num;
        }
        tt_buf t;
        tt_buf_init(&t);
        int got = 0;
        if (field)
            got = tt_jsonl__text_of(&t, tt_jsonl__member(o, field));
        for (size_t k = 0; !field && k < 3 && !got; k++) {
            t.len = 0;
            got = tt_jsonl__text_of(&t, tt_jsonl__member(o, defaults[k]));
        }
        tt_source_meta meta = pm ? *pm : (tt_source_meta){0};
        const char *v;
        if ((v = str(o, "author")) || (v = str(o, "from")))
            meta.author = v;
        if ((v = str(o, "date")) || (v = str(o, "timestamp")))
            meta.date = v;
        if ((v = str(o, "url")))
            meta.url = v;
        int rc = 0;
        if (got < 0)
            rc = TT_ENOMEM;
        else if (got)
            rc = tt_source__text(s, base, id, "json", t.data ? t.data : "", t.len, &meta);
        else
            rc = tt_source__note(s, base, id, "json", &meta, "item %zu: no text%s", i + 1,
                                 field ? " in the chosen field" : "");
        tt_buf_release(&t);
        if (rc)
            return rc;
    }
    return 0;
}

int
tt_source__json(tt_source *s, const char *base, const char *data, size_t len, int depth,
                const tt_source_meta *m)
{
    json_error_t e;
    json_t *root = json_loadb(data, len, JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL, &e);
    if (!root) {
        /* not one JSON value: maybe JSON lines after all, else text */
        if (len && (data[0] == '{' || data[0] == '['))
            return tt_source__jsonl_mem(s, base, data, len, m);
        return tt_source__text(s, base, NULL, "text", data, len, m);
    }
    int rc = 0;
    if (json_is_object(root) && is_telegram(root)) {
        json_t *list = json_object_get(json_object_get(root, "chats"), "list");
        if (json_is_array(list)) {
            size_t i;
            json_t *chat;
            json_array_foreach(list, i, chat) {
                char cid[64];
                const char *p = id_text(json_object_get(chat, "id"), cid, sizeof cid);
                if (!p) {
                    snprintf(cid, sizeof cid, "chat%zu", i + 1);
                    p = cid;
                }
                if ((rc = telegram_chat(s, base, p, chat, depth)))
                    break;
            }
        } else {
            rc = telegram_chat(s, base, NULL, root, depth);
        }
    } else if (json_is_object(root) && json_is_array(json_object_get(root, "messages"))) {
        rc = discord(s, base, root, depth);
    } else if (json_is_array(root)) {
        rc = post_array(s, base, root, m);
    } else {
        rc = tt_source__text(s, base, NULL, "json", data, len, m);
    }
    json_decref(root);
    return rc == TT_ELIMIT ? 0 : rc;
}

int
tt_source__jsonl_mem(tt_source *s, const char *base, const char *data, size_t len,
                     const tt_source_meta *m)
{
    tt_err err = {0};
    tt_jsonl_reader *r;
    if (tt_jsonl__open(&r, NULL, 0, &err))
        return TT_ENOMEM;
    int rc = tt_jsonl__set_field(r, tt_source__text_field(s), &err);
    tt_jsonl__prefix(r, data, len);
    tt_jsonl_post p;
    tt_jsonl__post_init(&p);
    while (!rc && (rc = tt_jsonl__next(r, &p, &err)) == 1) {
        char num[32];
        snprintf(num, sizeof num, "line-%zu", p.line);
        if (p.error) {
            rc = tt_source__note(s, base, NULL, "jsonl", m, "%s", p.msg);
            continue;
        }
        tt_source_meta meta = m ? *m : (tt_source_meta){0};
        const char *v;
        if ((v = str(p.extra, "author")) || (v = str(p.extra, "from")))
            meta.author = v;
        if ((v = str(p.extra, "date")) || (v = str(p.extra, "timestamp")))
            meta.date = v;
        if ((v = str(p.extra, "url")))
            meta.url = v;
        rc = tt_source__text(s, base, p.id ? p.id : num, "jsonl", p.text, p.text_len, &meta);
    }
    tt_jsonl__post_release(&p);
    tt_jsonl__close(r);
    return rc < 0 ? rc : 0;
}
