/// Byte tests over a string's UTF-8 in place: a pointer loop over native strings' storage
/// (several times quicker than the UTF-8 view's iterator in the renderers' hot paths), the view
/// otherwise. The tests every rendered cell goes through look at eight bytes at a time.
enum ByteScan {
    @inline(__always)
    static func contains(_ s: String, where test: (UInt8) -> Bool) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ $0.contains(where: test) }) { return found }
        return s.utf8.contains(where: test)
    }

    /// True when every byte is ASCII (one byte a character).
    static func isASCII(_ s: String) -> Bool {
        !any(in: s, word: { $0 & highBits != 0 }, byte: { $0 >= 0x80 })
    }

    /// True when every byte is below 0x80.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        !any(in: bytes, word: { $0 & highBits != 0 }, byte: { $0 >= 0x80 })
    }

    /// True when `s` holds a byte CSV must quote: a comma, a double quote, LF or CR.
    static func needsCSVQuotes(_ s: String) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ needsCSVQuotes(UnsafeRawBufferPointer($0)) }) { return found }
        return s.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
    }

    /// True when the bytes hold a comma, a double quote, LF or CR.
    @inline(__always)
    static func needsCSVQuotes(_ bytes: UnsafeRawBufferPointer) -> Bool {
        any(in: bytes, word: { w in
            // A byte equal to b becomes zero in w ^ (b in every byte), which `zeros` marks.
            // One test of the four marks together: no branch per byte value.
            (zeros(w ^ 0x2C2C_2C2C_2C2C_2C2C) | zeros(w ^ 0x2222_2222_2222_2222)
                | zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A) | zeros(w ^ 0x0D0D_0D0D_0D0D_0D0D)) != 0
        }, byte: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 })
    }

    /// True when `s` holds a byte JSON must escape: a control character, a double quote or a
    /// backslash.
    static func needsJSONEscape(_ s: String) -> Bool {
        any(in: s, word: { w in
            // (w - 0x20…) & ~w & 0x80…: some byte is below 0x20 (bytes above 0x7F, whose ~w high
            // bit is clear, never count).
            ((w &- 0x2020_2020_2020_2020) & ~w & highBits | zeros(w ^ 0x2222_2222_2222_2222)
                | zeros(w ^ 0x5C5C_5C5C_5C5C_5C5C)) != 0
        }, byte: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C })
    }

    /// Whether some byte of `s` passes `byte`; `word` answers the same for eight bytes at once.
    @inline(__always)
    private static func any(in s: String, word: (UInt64) -> Bool, byte: (UInt8) -> Bool) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ any(in: UnsafeRawBufferPointer($0), word: word, byte: byte) }) {
            return found
        }
        return s.utf8.contains(where: byte)
    }

    @inline(__always)
    private static func any(in bytes: UnsafeRawBufferPointer, word: (UInt64) -> Bool, byte: (UInt8) -> Bool) -> Bool {
        var i = 0
        let n = bytes.count
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                if word(base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return true }
                i += 8
            }
        }
        while i < n {
            if byte(bytes[i]) { return true }
            i += 1
        }
        return false
    }

    /// Non-zero exactly when some byte of `x` is zero: (x - 0x01…) & ~x sets the high bit of
    /// some byte then (a borrow only starts at a zero byte), and of none otherwise.
    @inline(__always)
    private static func zeros(_ x: UInt64) -> UInt64 { (x &- lowBits) & ~x & highBits }

    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
}
