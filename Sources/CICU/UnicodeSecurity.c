#include "CICU.h"

#include <pthread.h>
#include <unicode/unorm2.h>
#include <unicode/uset.h>
#include <unicode/uspoof.h>

/* Debian's ICU entry points carry its version suffix (uspoof_open_72), Foundation's
   private copy a swift_ prefix: the two never meet at link time. */

static USpoofChecker *shared_checker;
static const USet *recommended;

/* One checker for the process: highly restrictive (one script, or Latin with Han and
   Japanese kana, Han with Hangul, or Han with Bopomofo), stacked marks, mixed digits.
   A configured checker may be used by any number of threads at once. */
static void make_checker(void) {
    UErrorCode status = U_ZERO_ERROR;
    USpoofChecker *checker = uspoof_open(&status);
    uspoof_setRestrictionLevel(checker, USPOOF_HIGHLY_RESTRICTIVE);
    uspoof_setChecks(checker, USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE | USPOOF_MIXED_NUMBERS, &status);
    recommended = uspoof_getRecommendedSet(&status);
    if (U_SUCCESS(status)) shared_checker = checker;
}

static const USpoofChecker *checker(void) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_checker);
    return shared_checker;
}

int mousy_spoof_problem(const uint16_t *text, int32_t length) {
    const USpoofChecker *spoof = checker();
    if (spoof == NULL) return -1;
    UErrorCode status = U_ZERO_ERROR;
    int32_t found = uspoof_check2(spoof, (const UChar *)text, length, NULL, &status);
    if (U_FAILURE(status)) return -1;
    if (found & USPOOF_RESTRICTION_LEVEL) return 1;
    if (found & USPOOF_INVISIBLE) return 2;
    if (found & USPOOF_MIXED_NUMBERS) return 3;
    return 0;
}

int mousy_spoof_recommends(int32_t c) {
    if (checker() == NULL || recommended == NULL) return 0;
    return uset_contains(recommended, c) ? 1 : 0;
}

int32_t mousy_spoof_skeleton(const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity) {
    const USpoofChecker *spoof = checker();
    if (spoof == NULL) return -1;
    UErrorCode status = U_ZERO_ERROR;
    int32_t needed = uspoof_getSkeleton(spoof, 0, (const UChar *)text, length, (UChar *)out, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return needed;
    return U_FAILURE(status) ? -1 : needed;
}

int32_t mousy_normalize(int casefold, const uint16_t *text, int32_t length, uint16_t *out, int32_t capacity) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *form = casefold ? unorm2_getNFKCCasefoldInstance(&status) : unorm2_getNFKCInstance(&status);
    if (U_FAILURE(status)) return -1;
    int32_t needed = unorm2_normalize(form, (const UChar *)text, length, (UChar *)out, capacity, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) return needed;
    return U_FAILURE(status) ? -1 : needed;
}
