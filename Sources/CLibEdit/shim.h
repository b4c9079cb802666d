// Thin C layer over libedit's native <histedit.h> API for the LineEditor target.
//
// Swift cannot call C variadic functions (el_set, history) and Swift 6 forbids touching
// C globals directly, so every variadic call the wrapper needs has a fixed-signature
// `static inline` wrapper here.
#ifndef SUMMIT_CLIBEDIT_SHIM_H
#define SUMMIT_CLIBEDIT_SHIM_H

#include <errno.h>
#include <histedit.h>
#include <locale.h>
#include <sys/select.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

/// A prompt callback: returns the prompt text for `el`.
typedef char *(*summit_prompt_fn)(EditLine *el);
/// A user editor function bound to a key: returns one of the CC_* codes.
typedef unsigned char (*summit_editor_fn)(EditLine *el, int ch);

// MARK: - Standard streams

/// The C `stdin` stream (Swift 6 cannot read the mutable C global directly).
static inline FILE *summit_stdin(void) { return stdin; }
/// The C `stdout` stream.
static inline FILE *summit_stdout(void) { return stdout; }
/// The C `stderr` stream.
static inline FILE *summit_stderr(void) { return stderr; }

/// el_init on the process's standard streams.
static inline EditLine *summit_el_init(const char *prog) {
    return el_init(prog, stdin, stdout, stderr);
}

// MARK: - Terminal and signals

int wcwidth(wchar_t c); // POSIX (XSI); glibc hides it without _XOPEN_SOURCE.

/// Columns taken by `c` in the terminal for the current locale (-1 when not printable).
static inline int summit_wcwidth(wchar_t c) { return wcwidth(c); }

/// The width of the terminal on `fd` in columns, or 0 when unknown.
static inline int summit_terminal_columns(int fd) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return ws.ws_col;
}

/// Installs `handler` for `sig` with `flags` (SA_RESTART is never added) and an empty
/// mask; stores the previous action in `old` when it is not NULL.
static inline int summit_sigaction_set(int sig, void (*handler)(int), int flags,
                                       struct sigaction *old) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, old);
}

/// Reinstalls an action saved by summit_sigaction_set.
static inline int summit_sigaction_restore(int sig, const struct sigaction *old) {
    return sigaction(sig, old, NULL);
}

/// Resets `sig` to its default action (SIG_DFL).
static inline int summit_sigaction_default(int sig) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL);
}

// MARK: - el_set / el_get

/// EL_PROMPT_ESC: prompt function; characters between two `literal` bytes are
/// printed but take no width (use it around ANSI colour sequences).
static inline int summit_el_set_prompt(EditLine *el, summit_prompt_fn fn, char literal) {
    return el_set(el, EL_PROMPT_ESC, fn, literal);
}
/// EL_EDITOR: "emacs" or "vi".
static inline int summit_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}
/// EL_HIST: use `h` (from history_init) as the editor's history.
static inline int summit_el_set_history(EditLine *el, History *h) {
    return el_set(el, EL_HIST, history, h);
}
/// EL_SIGNAL: when non-zero, libedit installs its own handlers during el_gets so the
/// terminal is restored on SIGINT/SIGTSTP/... and resized on SIGWINCH.
static inline int summit_el_set_signal(EditLine *el, int on) {
    return el_set(el, EL_SIGNAL, on);
}

// MARK: - Reading keys without losing a signal

// (Swift does not emit a header's static globals, and emits a static inline function once per
// Swift file that uses it: the state lives in function-local statics, and everything that uses
// it is reached from one Swift file, LineEditor.swift.)

/// Where the flags the Swift signal handlers set live: [0] Ctrl-C, [1] SIGTERM/SIGHUP.
static inline int **summit_signal_flags_slot(void) {
    static int *flags;
    return &flags;
}

/// The multibyte decoding state of `summit_read_char`.
static inline mbstate_t *summit_read_state(void) {
    static mbstate_t state;
    return &state;
}

/// Waits until `fd` can be read, or a signal has set a flag: returns 1, or -1 with errno EINTR.
/// Without a race: the signals are blocked between the check of the flags and the wait, and
/// pselect unblocks them atomically. A signal that arrives after the prompt is drawn but
/// before the read starts would otherwise leave the read blocked with the flag set.
static inline int summit_wait_readable(int fd) {
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    for (;;) {
        sigprocmask(SIG_BLOCK, &block, &old);
        int *flags = *summit_signal_flags_slot();
        int raised = flags && (flags[0] || flags[1]);
        int r = -1;
        if (!raised) {
            fd_set set;
            FD_ZERO(&set);
            FD_SET(fd, &set);
            r = pselect(fd + 1, &set, NULL, NULL, NULL, &old);
        }
        int e = errno;
        sigprocmask(SIG_SETMASK, &old, NULL);
        if (raised) { errno = EINTR; return -1; }
        if (r > 0) return 1;
        // Interrupted by a signal that set no flag (SIGWINCH, handled by libedit): wait again.
        if (r < 0 && e != EINTR) { errno = e; return -1; }
    }
}

/// libedit's character reader (EL_GETCFN), reading stdin byte by byte into wide characters as
/// libedit's own does, but waiting through `summit_wait_readable`. Returns 1 with a character,
/// 0 at end of input, -1 (errno EINTR) on Ctrl-C or a termination signal.
static inline int summit_read_char(EditLine *el, wchar_t *wc) {
    (void)el;
    for (;;) {
        if (summit_wait_readable(STDIN_FILENO) < 0) { *wc = 0; return -1; }
        unsigned char c;
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n == 0) { *wc = 0; return 0; }
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            *wc = 0;
            return -1;
        }
        size_t k = mbrtowc(wc, (const char *)&c, 1, summit_read_state());
        if (k == (size_t)-2) continue;  // more bytes of this character to come
        if (k == (size_t)-1) {          // not valid in the locale: pass the byte on
            memset(summit_read_state(), 0, sizeof(mbstate_t));
            *wc = (wchar_t)c;
        }
        return 1;
    }
}

/// Makes libedit read keys with `summit_read_char`, which watches `flags` (see above).
static inline int summit_el_use_signal_safe_reader(EditLine *el, int *flags) {
    *summit_signal_flags_slot() = flags;
    return el_set(el, EL_GETCFN, summit_read_char);
}

/// el_set(EL_PREP_TERM): puts the terminal into libedit's editing mode now (1) or back (0).
static inline int summit_el_set_prep_term(EditLine *el, int on) {
    return el_set(el, EL_PREP_TERM, on);
}
/// EL_BIND: bind `key` (e.g. "^R", "^I") to the named editor command.
static inline int summit_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, (const char *)NULL);
}
/// EL_ADDFN: register a user function under `name` with a help text.
static inline int summit_el_addfn(EditLine *el, const char *name, const char *help,
                                  summit_editor_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
/// EL_CLIENTDATA: attach an opaque pointer to `el`.
static inline int summit_el_set_clientdata(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}
/// EL_CLIENTDATA: the pointer set with summit_el_set_clientdata, or NULL.
static inline void *summit_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    if (el_get(el, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}
/// EL_REFRESH: redraw the prompt and the current line.
static inline int summit_el_refresh(EditLine *el) {
    return el_set(el, EL_REFRESH);
}
/// EL_EDITMODE: 0 disables editing (libedit then reads plain lines).
static inline int summit_el_get_editmode(EditLine *el) {
    int on = 0;
    if (el_get(el, EL_EDITMODE, &on) != 0) return 0;
    return on;
}

// MARK: - history()

/// H_SETSIZE: keep at most `size` entries.
static inline int summit_history_setsize(History *h, int size) {
    HistEvent ev;
    return history(h, &ev, H_SETSIZE, size);
}
/// H_SETUNIQUE: when non-zero, an entry equal to the previous one is not added.
static inline int summit_history_setunique(History *h, int unique) {
    HistEvent ev;
    return history(h, &ev, H_SETUNIQUE, unique);
}
/// H_ENTER: add `line` as the newest entry.
static inline int summit_history_enter(History *h, const char *line) {
    HistEvent ev;
    return history(h, &ev, H_ENTER, line);
}
/// H_CLEAR: remove every entry.
static inline int summit_history_clear(History *h) {
    HistEvent ev;
    return history(h, &ev, H_CLEAR);
}
/// H_GETSIZE: the number of entries, or -1.
static inline int summit_history_size(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_GETSIZE) != 0) return -1;
    return ev.num;
}
/// H_FIRST: the newest entry (libedit's "first"), or NULL when empty.
static inline const char *summit_history_first(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_FIRST) != 0) return NULL;
    return ev.str;
}
/// H_LAST: the oldest entry, or NULL when empty.
static inline const char *summit_history_last(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_LAST) != 0) return NULL;
    return ev.str;
}
/// H_NEXT: the next older entry after H_FIRST, or NULL at the end.
static inline const char *summit_history_next(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_NEXT) != 0) return NULL;
    return ev.str;
}
/// H_PREV: the next newer entry after H_LAST, or NULL at the end.
static inline const char *summit_history_prev(History *h) {
    HistEvent ev;
    if (history(h, &ev, H_PREV) != 0) return NULL;
    return ev.str;
}

#endif
