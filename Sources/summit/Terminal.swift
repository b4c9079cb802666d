import CLibEdit
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// Facts about the process's terminal and environment.
enum Terminal {
    static func isTTY(_ fd: Int32) -> Bool { isatty(fd) != 0 }

    static func env(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }

    /// Columns of the terminal on stdout, else $COLUMNS, else 120 for pipes.
    static func width() -> Int {
        var ws = winsize()
        if isTTY(1), ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        if let c = env("COLUMNS").flatMap(Int.init), c > 0 { return c }
        return 120
    }

    /// Colour only on a terminal, never with NO_COLOR set (to anything) or --no-color.
    static func colorEnabled(noColorFlag: Bool) -> Bool {
        if noColorFlag { return false }
        if let v = env("NO_COLOR"), !v.isEmpty { return false }
        if env("TERM") == "dumb" { return false }
        return isTTY(1)
    }

    /// `$XDG_CONFIG_HOME/summit/init.summit`, default `~/.config/summit/init.summit`.
    static func initFilePath() -> String? {
        if let x = env("XDG_CONFIG_HOME"), !x.isEmpty { return x + "/summit/init.summit" }
        if let h = env("HOME"), !h.isEmpty { return h + "/.config/summit/init.summit" }
        return nil
    }
}
