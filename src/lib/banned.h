/* SPDX-License-Identifier: Apache-2.0 */
/* banned.h: functions that invite overflows; including this turns their use into an error. */
#ifndef TT_BANNED_H
#define TT_BANNED_H
#undef strcpy
#define strcpy(a, b) sorry_strcpy_is_banned_use_memcpy_with_a_length
#undef strcat
#define strcat(a, b) sorry_strcat_is_banned_use_tt_buf
#undef sprintf
#define sprintf(...) sorry_sprintf_is_banned_use_snprintf
#undef vsprintf
#define vsprintf(...) sorry_vsprintf_is_banned_use_vsnprintf
#undef strtok
#define strtok(a, b) sorry_strtok_is_banned_use_strtok_r
#undef gets
#define gets(a) sorry_gets_is_banned
#endif
