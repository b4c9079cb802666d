import CLibEdit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LineEditor {
    /// libedit's Tab function (`summit-complete`): asks the editor's completer.
    static let completeFunction: @convention(c) (OpaquePointer?, Int32) -> UInt8 = { el, _ in
        guard let el, let editor = LineEditor.editor(attachedTo: el) else {
            return UInt8(CC_ERROR)
        }
        return editor.complete(in: el)
    }

    /// Completes the word before the cursor: one candidate is inserted with a space after
    /// it; several insert their longest common prefix, or are listed when that adds nothing.
    func complete(in el: OpaquePointer) -> UInt8 {
        guard let completer, let info = el_line(el) else { return UInt8(CC_REFRESH_BEEP) }
        let length = info.pointee.cursor - info.pointee.buffer
        let before = String(decoding: UnsafeRawBufferPointer(start: info.pointee.buffer, count: length),
                            as: UTF8.self)
        let completion = completer(before)
        let utf8 = Array(before.utf8)
        let start = min(max(0, completion.wordStart), utf8.count)
        let word = String(decoding: utf8[start...], as: UTF8.self)

        var seen = Set<String>()
        let candidates = completion.candidates.filter { !$0.isEmpty && seen.insert($0).inserted }
        switch candidates.count {
        case 0:
            return UInt8(CC_REFRESH_BEEP)
        case 1:
            replace(word, with: candidates[0] + " ", in: el)
            return UInt8(CC_REFRESH)
        default:
            let prefix = LineEditor.longestCommonPrefix(candidates)
            if prefix.utf8.count > word.utf8.count {
                replace(word, with: prefix, in: el)
                return UInt8(CC_REFRESH)
            }
            writeOutput("\r\n" + LineEditor.listing(candidates, truncated: completion.truncated, width: terminalWidth()))
            return UInt8(CC_REDISPLAY)
        }
    }

    /// Replaces `word` (just before the cursor) with `text`, typing only what is new.
    private func replace(_ word: String, with text: String, in el: OpaquePointer) {
        var insertion = text
        if text.utf8.starts(with: word.utf8) {
            insertion = String(decoding: text.utf8.dropFirst(word.utf8.count), as: UTF8.self)
        } else if !word.isEmpty {
            // libedit counts characters as wide characters, that is Unicode scalars.
            el_deletestr(el, Int32(word.unicodeScalars.count))
        }
        if !insertion.isEmpty {
            _ = el_insertstr(el, insertion)
        }
    }

    private func terminalWidth() -> Int {
        let columns = Int(summit_terminal_columns(STDOUT_FILENO))
        return columns > 0 ? columns : 80
    }

    /// The longest prefix, in whole characters, that every candidate starts with.
    static func longestCommonPrefix(_ candidates: [String]) -> String {
        guard var prefix = candidates.first.map({ Substring($0) }) else { return "" }
        for candidate in candidates.dropFirst() {
            var end = prefix.startIndex
            var other = candidate.startIndex
            while end < prefix.endIndex, other < candidate.endIndex, prefix[end] == candidate[other] {
                end = prefix.index(after: end)
                other = candidate.index(after: other)
            }
            prefix = prefix[..<end]
        }
        return String(prefix)
    }

    /// The most candidates listed below the line.
    static let listLimit = 200

    /// The candidates in columns, at most `listLimit` of them, then how many were left out.
    static func listing(_ items: [String], truncated: Bool, width: Int) -> String {
        guard items.count > listLimit || truncated else { return columns(items, width: width) }
        let shown = Array(items.prefix(listLimit))
        let rest = truncated ? "more" : "\(items.count - shown.count) more"
        return columns(shown, width: width) + "… and \(rest); type more of the word to narrow them\r\n"
    }

    /// `items` in columns that fit `width`, filled top to bottom like `ls`; each row ends
    /// with "\r\n" (the terminal may be in raw mode).
    static func columns(_ items: [String], width: Int) -> String {
        let widths = items.map(displayWidth)
        let cellWidth = (widths.max() ?? 0) + 2
        let columnCount = max(1, min(items.count, (width + 2 - 1) / max(cellWidth, 1)))
        let rowCount = (items.count + columnCount - 1) / columnCount
        var output = ""
        for row in 0..<rowCount {
            var line = ""
            for column in 0..<columnCount {
                let index = column * rowCount + row
                guard index < items.count else { break }
                line += items[index]
                let isLast = (column + 1) * rowCount + row >= items.count
                if !isLast {
                    line += String(repeating: " ", count: cellWidth - widths[index])
                }
            }
            output += line + "\r\n"
        }
        return output
    }

    /// How many terminal columns `text` takes (wide characters count twice).
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { total, scalar in
            total + max(0, Int(summit_wcwidth(wchar_t(bitPattern: scalar.value))))
        }
    }
}
