/// Case- and accent-insensitive text matching without Foundation: `Université` matches `universite`.
public enum TextFold {
    public static func fold(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                out.append(v >= 65 && v <= 90 ? Unicode.Scalar(v + 32)! : u)
                continue
            }
            if let m = map[v] { out.append(contentsOf: m.unicodeScalars); continue }
            if (0x300...0x36F).contains(v) { continue }  // combining marks
            for l in u.properties.lowercaseMapping.unicodeScalars { out.append(l) }
        }
        return String(out)
    }

    /// `fold(text).contains(fold(term))`: whether `text` holds `term`, ignoring case and accents.
    /// When both are ASCII without CR (which joins a following LF into one character), it
    /// compares their bytes in place, lower-casing as it goes, and builds no string.
    public static func contains(_ text: String, _ term: String) -> Bool {
        let quick = text.utf8.withContiguousStorageIfAvailable { t in
            term.utf8.withContiguousStorageIfAvailable { n in asciiContains(t, n) } ?? nil
        } ?? nil
        if let quick { return quick }
        return foldContains(text, term)
    }

    /// The same, by folding both (any text).
    static func foldContains(_ text: String, _ term: String) -> Bool {
        fold(text).contains(fold(term))
    }

    /// Nil unless both are ASCII without CR.
    static func asciiContains(_ text: UnsafeBufferPointer<UInt8>, _ term: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard isPlain(text), isPlain(term) else { return nil }
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b + 32 : b }
        let n = term.count
        if n == 0 { return true }
        if n > text.count { return false }
        let first = lower(term[0])
        var i = 0
        let last = text.count - n
        while i <= last {
            if lower(text[i]) == first {
                var k = 1
                while k < n, lower(text[i + k]) == lower(term[k]) { k += 1 }
                if k == n { return true }
            }
            i += 1
        }
        return false
    }

    @inline(__always)
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        return ByteScan.isASCII(raw) && !raw.contains(13)
    }

    private static let map: [UInt32: String] = {
        var m: [UInt32: String] = [:]
        let table: [(String, String)] = [
            ("ÀÁÂÃÄÅàáâãäåĀāĂăĄą", "a"), ("ÇçĆćĈĉĊċČč", "c"), ("ĎďĐđ", "d"), ("ÈÉÊËèéêëĒēĔĕĖėĘęĚě", "e"),
            ("ĜĝĞğĠġĢģ", "g"), ("ĤĥĦħ", "h"), ("ÌÍÎÏìíîïĨĩĪīĬĭĮįİı", "i"), ("Ĵĵ", "j"), ("Ķķ", "k"),
            ("ĹĺĻļĽľĿŀŁł", "l"), ("ÑñŃńŅņŇň", "n"), ("ÒÓÔÕÖØòóôõöøŌōŎŏŐő", "o"), ("ŔŕŖŗŘř", "r"),
            ("ŚśŜŝŞşŠš", "s"), ("ŢţŤťŦŧ", "t"), ("ÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų", "u"), ("Ŵŵ", "w"), ("ÝýÿŶŷŸ", "y"),
            ("ŹźŻżŽž", "z"), ("ß", "ss"), ("Ææ", "ae"), ("Œœ", "oe"), ("’‘", "'"), ("“”", "\""), ("–—", "-"),
        ]
        for (chars, repl) in table { for u in chars.unicodeScalars { m[u.value] = repl } }
        return m
    }()
}
