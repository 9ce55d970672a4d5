#ifndef MOUSY_CICU_H
#define MOUSY_CICU_H

/* Unicode's security mechanisms (UTS #39) from Debian's ICU: the confusables skeleton,
   restriction levels and the identifier profile. Only plain C types cross this
   header: ICU's own headers stay in the C file, because Foundation's private ICU
   module defines the same types (UErrorCode, ...) differently, and a Swift module
   that saw both would not compile. Strings are UTF-16. */
#include <stdint.h>

/* What ICU's spoof checker finds in `text`, at the highly restrictive level:
   0 nothing, 1 scripts mixed beyond the level, 2 a mark stacked twice on one letter,
   3 digits of several numbering systems, -1 ICU failed (no data). */
int mousy_spoof_problem(const uint16_t *text, int32_t length);

/* 1 if `c` is in UTS #39's General Security Profile (Identifier_Status=Allowed). */
int mousy_spoof_recommends(int32_t c);

/* UTS #39's skeleton of `text` into `out` (room for `capacity` units): its length,
   which may exceed `capacity` (then call again with that much room), or -1. */
int32_t mousy_spoof_skeleton(const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity);

/* `text` in NFKC (casefold 0) or NFKC_Casefold (casefold 1), returned as
   mousy_spoof_skeleton returns. */
int32_t mousy_normalize(int casefold, const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity);

#endif
