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

#endif
