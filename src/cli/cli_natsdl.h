/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_natsdl.h: libnats, the NATS client, loaded at first use (natsdl.c).
 *
 * Only `watch --nats`, `collect` and `publish` talk to NATS, but while the program linked
 * libnats every process (`--version`, a scan of a text file, each test) paid for relocating
 * it and what it brings in (OpenSSL's libssl and libcrypto, protobuf-c): about 6 M of the
 * 8.4 M instructions of `telltale --version`.  natsq.c, the one file that calls libnats,
 * includes this header after <nats/nats.h>: it turns every libnats function natsq.c calls
 * into a member of one table of pointers, each of the function's own type, so the call sites
 * stay as they were; nats_load() fills the table with dlopen() and dlsym() the first time a
 * command needs it.  The program is not linked with libnats, so a call that does not go
 * through this table fails the link.
 *
 * This is the command line's own loader, not the library's (src/lib/dynlib.c): the command
 * line may include only include/telltale/ and its own cli*.h headers, and may call only
 * the library's exported API (scripts/check-api), where a generic dlopen helper does not
 * belong.  The scheme is the same: an X-macro list, members typed with __typeof__, a
 * redirect per name, the soname read at build time (scripts/sonames), loaded once.
 */
#ifndef TT_CLI_NATSDL_H
#define TT_CLI_NATSDL_H

#include <nats/nats.h>

/* Every libnats function natsq.c calls. */
#define CLI_NATS_FNS(X)                                                                            \
    X(jsConsumerInfo_Destroy)                                                                      \
    X(jsCtx_Destroy)                                                                               \
    X(jsMsgMetaData_Destroy)                                                                       \
    X(jsOptions_Init)                                                                              \
    X(jsPubAck_Destroy)                                                                            \
    X(jsPubOptions_Init)                                                                           \
    X(jsStreamConfig_Init)                                                                         \
    X(jsStreamInfo_Destroy)                                                                        \
    X(jsSubOptions_Init)                                                                           \
    X(js_AddStream)                                                                                \
    X(js_GetConsumerInfo)                                                                          \
    X(js_GetStreamInfo)                                                                            \
    X(js_Publish)                                                                                  \
    X(js_PublishAsync)                                                                             \
    X(js_PublishAsyncComplete)                                                                     \
    X(js_PullSubscribe)                                                                            \
    X(natsConnection_Connect)                                                                      \
    X(natsConnection_Destroy)                                                                      \
    X(natsConnection_FlushTimeout)                                                                 \
    X(natsConnection_JetStream)                                                                    \
    X(natsConnection_Status)                                                                       \
    X(natsMsgList_Destroy)                                                                         \
    X(natsMsg_Ack)                                                                                 \
    X(natsMsg_GetData)                                                                             \
    X(natsMsg_GetDataLength)                                                                       \
    X(natsMsg_GetMetaData)                                                                         \
    X(natsOptions_Create)                                                                          \
    X(natsOptions_Destroy)                                                                         \
    X(natsOptions_SetAllowReconnect)                                                               \
    X(natsOptions_SetMaxReconnect)                                                                 \
    X(natsOptions_SetReconnectWait)                                                                \
    X(natsOptions_SetTimeout)                                                                      \
    X(natsOptions_SetURL)                                                                          \
    X(natsStatus_GetText)                                                                          \
    X(natsSubscription_Destroy)                                                                    \
    X(natsSubscription_Fetch)                                                                      \
    X(nats_GetLastError)

#define CLI_NATS_MEMBER(f) __typeof__(&f) f;
struct cli_nats_fns {
    CLI_NATS_FNS(CLI_NATS_MEMBER)
};
#undef CLI_NATS_MEMBER

extern struct cli_nats_fns cli_nats_fn;

/* nats_load() (cli_nats.h) fills the table. */

/* The redirections: natsq.c's calls read the table.  natsdl.c, which fills it, sees the
 * library's own names. */
#ifndef CLI_NATSDL_IMPL
#define jsConsumerInfo_Destroy (cli_nats_fn.jsConsumerInfo_Destroy)
#define jsCtx_Destroy (cli_nats_fn.jsCtx_Destroy)
#define jsMsgMetaData_Destroy (cli_nats_fn.jsMsgMetaData_Destroy)
#define jsOptions_Init (cli_nats_fn.jsOptions_Init)
#define jsPubAck_Destroy (cli_nats_fn.jsPubAck_Destroy)
#define jsPubOptions_Init (cli_nats_fn.jsPubOptions_Init)
#define jsStreamConfig_Init (cli_nats_fn.jsStreamConfig_Init)
#define jsStreamInfo_Destroy (cli_nats_fn.jsStreamInfo_Destroy)
#define jsSubOptions_Init (cli_nats_fn.jsSubOptions_Init)
#define js_AddStream (cli_nats_fn.js_AddStream)
#define js_GetConsumerInfo (cli_nats_fn.js_GetConsumerInfo)
#define js_GetStreamInfo (cli_nats_fn.js_GetStreamInfo)
#define js_Publish (cli_nats_fn.js_Publish)
#define js_PublishAsync (cli_nats_fn.js_PublishAsync)
#define js_PublishAsyncComplete (cli_nats_fn.js_PublishAsyncComplete)
#define js_PullSubscribe (cli_nats_fn.js_PullSubscribe)
#define natsConnection_Connect (cli_nats_fn.natsConnection_Connect)
#define natsConnection_Destroy (cli_nats_fn.natsConnection_Destroy)
#define natsConnection_FlushTimeout (cli_nats_fn.natsConnection_FlushTimeout)
#define natsConnection_JetStream (cli_nats_fn.natsConnection_JetStream)
#define natsConnection_Status (cli_nats_fn.natsConnection_Status)
#define natsMsgList_Destroy (cli_nats_fn.natsMsgList_Destroy)
#define natsMsg_Ack (cli_nats_fn.natsMsg_Ack)
#define natsMsg_GetData (cli_nats_fn.natsMsg_GetData)
#define natsMsg_GetDataLength (cli_nats_fn.natsMsg_GetDataLength)
#define natsMsg_GetMetaData (cli_nats_fn.natsMsg_GetMetaData)
#define natsOptions_Create (cli_nats_fn.natsOptions_Create)
#define natsOptions_Destroy (cli_nats_fn.natsOptions_Destroy)
#define natsOptions_SetAllowReconnect (cli_nats_fn.natsOptions_SetAllowReconnect)
#define natsOptions_SetMaxReconnect (cli_nats_fn.natsOptions_SetMaxReconnect)
#define natsOptions_SetReconnectWait (cli_nats_fn.natsOptions_SetReconnectWait)
#define natsOptions_SetTimeout (cli_nats_fn.natsOptions_SetTimeout)
#define natsOptions_SetURL (cli_nats_fn.natsOptions_SetURL)
#define natsStatus_GetText (cli_nats_fn.natsStatus_GetText)
#define natsSubscription_Destroy (cli_nats_fn.natsSubscription_Destroy)
#define natsSubscription_Fetch (cli_nats_fn.natsSubscription_Fetch)
#define nats_GetLastError (cli_nats_fn.nats_GetLastError)
#endif /* CLI_NATSDL_IMPL */

#endif
