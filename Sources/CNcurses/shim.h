#ifndef MOUSY_CNCURSES_SHIM_H
#define MOUSY_CNCURSES_SHIM_H

#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>

/* Swift 6 cannot import ncurses' mutable globals or its function-like macros;
   these accessors stand in for them. */
static inline WINDOW *mousy_stdscr(void) { return stdscr; }
static inline int mousy_lines(void) { return LINES; }
static inline int mousy_cols(void) { return COLS; }
static inline int mousy_colors(void) { return COLORS; }
static inline int mousy_color_pairs(void) { return COLOR_PAIRS; }

/* Mouse masks. */
static inline mmask_t mousy_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }
static inline mmask_t mousy_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
static inline mmask_t mousy_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t mousy_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t mousy_button3_pressed(void) { return BUTTON3_PRESSED; }
static inline mmask_t mousy_button3_released(void) { return BUTTON3_RELEASED; }

/* Attributes and colour pairs. */
static inline attr_t mousy_a_normal(void) { return A_NORMAL; }
static inline attr_t mousy_a_bold(void) { return A_BOLD; }
static inline attr_t mousy_a_dim(void) { return A_DIM; }
static inline attr_t mousy_a_reverse(void) { return A_REVERSE; }
static inline attr_t mousy_a_underline(void) { return A_UNDERLINE; }
static inline attr_t mousy_a_standout(void) { return A_STANDOUT; }
static inline attr_t mousy_color_pair(short n) { return (attr_t)COLOR_PAIR(n); }

/* Line-drawing characters (the ACS map is filled by initscr). */
static inline chtype mousy_acs_hline(void) { return ACS_HLINE; }
static inline chtype mousy_acs_vline(void) { return ACS_VLINE; }
static inline chtype mousy_acs_ulcorner(void) { return ACS_ULCORNER; }
static inline chtype mousy_acs_urcorner(void) { return ACS_URCORNER; }
static inline chtype mousy_acs_llcorner(void) { return ACS_LLCORNER; }
static inline chtype mousy_acs_lrcorner(void) { return ACS_LRCORNER; }
static inline chtype mousy_acs_ttee(void) { return ACS_TTEE; }
static inline chtype mousy_acs_btee(void) { return ACS_BTEE; }

/* Non-variadic wrappers for calls whose prototypes Swift handles poorly. */
static inline int mousy_attron(attr_t a) { return attron((int)a); }
static inline int mousy_attroff(attr_t a) { return attroff((int)a); }
static inline int mousy_attrset(attr_t a) { return attrset((int)a); }

/* curses on stdin/stdout (Swift 6 rejects the stdio globals); NULL on an unknown TERM. */
static inline SCREEN *mousy_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
static inline void mousy_fflush_stdout(void) { fflush(stdout); }

/* wcwidth, which Swift's Glibc module leaves out (glibc declares it only for X/Open);
   its result depends on the calling thread's LC_CTYPE. */
#include <stddef.h>
extern int wcwidth(wchar_t c);
static inline int mousy_wcwidth(unsigned int c) { return wcwidth((wchar_t)c); }

/* The terminfo string capability NAME of the current terminal, or NULL when it is
   absent or cancelled. */
static inline const char *mousy_tigetstr(const char *name) {
    char *s = tigetstr(name);
    if (s == NULL || s == (char *)-1) return NULL;
    return s;
}

#include <term.h>

/* Whether the terminal named by TERM can move the cursor (terminfo "cup"): 1 yes, 0 no
   (TERM=dumb), -1 the type is unknown. Leaves no terminal set up. */
static inline int mousy_term_can_address(void) {
    TERMINAL *saved = cur_term;
    int error = 0;
    if (setupterm(NULL, 1, &error) != OK) return -1;
    const char *cup = mousy_tigetstr("cup");
    del_curterm(cur_term);
    set_curterm(saved);
    return cup != NULL ? 1 : 0;
}

#endif
