/// Encoding and decoding of the history file's bytes; see ``HistoryFile`` for the format.
enum HistoryFileFormat {
    /// The first line of a file written by libedit's `H_SAVE`.
    static let libeditMagic = Array("_HiStOrY_V2_".utf8)

    private static let backslash = UInt8(ascii: "\\")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    // MARK: - Entries

    /// Whether `entry` is worth keeping: not empty, not only white space, no NUL.
    static func isStorable(_ entry: String) -> Bool {
        !entry.utf8.contains(0) && entry.contains { !$0.isWhitespace }
    }

    /// `old` followed by `new`, without unstorable entries or consecutive duplicates,
    /// keeping the newest `limit` entries.
    static func merge(_ old: [String], _ new: [String], limit: Int) -> [String] {
        var result: [String] = []
        result.reserveCapacity(old.count + new.count)
        for entry in old + new where isStorable(entry) && entry != result.last {
            result.append(entry)
        }
        return result.count > limit ? Array(result.suffix(limit)) : result
    }

    // MARK: - Bytes

    /// The file contents for `entries`.
    static func encode(_ entries: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        for entry in entries {
            for byte in entry.utf8 {
                switch byte {
                case backslash: bytes += [backslash, backslash]
                case lineFeed: bytes += [backslash, UInt8(ascii: "n")]
                case carriageReturn: bytes += [backslash, UInt8(ascii: "r")]
                default: bytes.append(byte)
                }
            }
            bytes.append(lineFeed)
        }
        return bytes
    }

    /// The entries in a file's contents, in either format; damaged lines are skipped.
    static func decode(_ bytes: [UInt8]) -> [String] {
        var lines = bytes.split(separator: lineFeed, omittingEmptySubsequences: true)
        let isLibedit = lines.first.map { Array($0) == libeditMagic } ?? false
        if isLibedit { lines.removeFirst() }
        var entries: [String] = []
        entries.reserveCapacity(lines.count)
        for var line in lines {
            if line.last == carriageReturn { line = line.dropLast() }
            let raw = isLibedit ? unvis(line) : unescape(line)
            guard !raw.contains(0), let entry = String(validating: raw, as: UTF8.self),
                  isStorable(entry)
            else { continue }
            entries.append(entry)
        }
        return entries
    }

    /// Reverses ``encode(_:)`` for one line; unknown escapes are kept as they are.
    static func unescape(_ line: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(line.count)
        var index = line.startIndex
        while index < line.endIndex {
            let byte = line[index]
            let next = line.index(after: index)
            guard byte == backslash, next < line.endIndex else {
                result.append(byte)
                index = next
                continue
            }
            switch line[next] {
            case backslash: result.append(backslash)
            case UInt8(ascii: "n"): result.append(lineFeed)
            case UInt8(ascii: "r"): result.append(carriageReturn)
            default: result += [byte, line[next]]
            }
            index = line.index(after: next)
        }
        return result
    }

    /// Decodes one line of libedit's `strvis(VIS_WHITE)` encoding: `\ooo` octal, `\\`,
    /// `\^X` control, `\M-x` and `\M^X` meta, and the C escapes. Best effort.
    static func unvis(_ line: ArraySlice<UInt8>) -> [UInt8] {
        let bytes = Array(line)
        var result: [UInt8] = []
        var i = 0
        func isOctal(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7") }
        while i < bytes.count {
            guard bytes[i] == backslash, i + 1 < bytes.count else {
                result.append(bytes[i]); i += 1; continue
            }
            let c = bytes[i + 1]
            if isOctal(c) {
                var value = 0, j = i + 1
                while j < bytes.count && j < i + 4 && isOctal(bytes[j]) {
                    value = value * 8 + Int(bytes[j] - UInt8(ascii: "0")); j += 1
                }
                result.append(UInt8(truncatingIfNeeded: value)); i = j; continue
            }
            switch c {
            case UInt8(ascii: "M") where i + 3 < bytes.count && bytes[i + 2] == UInt8(ascii: "-"):
                result.append(bytes[i + 3] | 0x80); i += 4
            case UInt8(ascii: "M") where i + 3 < bytes.count && bytes[i + 2] == UInt8(ascii: "^"):
                result.append(control(bytes[i + 3]) | 0x80); i += 4
            case UInt8(ascii: "^") where i + 2 < bytes.count:
                result.append(control(bytes[i + 2])); i += 3
            case UInt8(ascii: "n"): result.append(lineFeed); i += 2
            case UInt8(ascii: "r"): result.append(carriageReturn); i += 2
            case UInt8(ascii: "t"): result.append(UInt8(ascii: "\t")); i += 2
            case UInt8(ascii: "s"): result.append(UInt8(ascii: " ")); i += 2
            default: result.append(c); i += 2
            }
        }
        return result
    }

    private static func control(_ byte: UInt8) -> UInt8 {
        byte == UInt8(ascii: "?") ? 0x7f : byte & 0x1f
    }

    // MARK: - Paths

    /// The directory part of `path` (`.` when there is none).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = path[..<slash]
        return directory.isEmpty ? "/" : String(directory)
    }
}
