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
        if let ascii = s.utf8.withContiguousStorageIfAvailable({ isASCII(UnsafeRawBufferPointer($0)) }) { return ascii }
        return !s.utf8.contains { $0 >= 0x80 }
    }

    /// True when every byte is below 0x80.
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        if let base = bytes.baseAddress {
            while i + 8 <= bytes.count {
                if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & highBits != 0 { return false }
                i += 8
            }
        }
        while i < bytes.count {
            if bytes[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// True when `s` holds a byte CSV must quote: a comma, a double quote, LF or CR.
    static func needsCSVQuotes(_ s: String) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            var i = 0
            let n = bytes.count
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                while i + 8 <= n {
                    let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    // A byte equal to b becomes zero in w ^ (b in every byte); (x - 0x01…) & ~x
                    // sets the high bit of some byte exactly when x has a zero byte.
                    let a = w ^ 0x2C2C_2C2C_2C2C_2C2C, b = w ^ 0x2222_2222_2222_2222
                    let c = w ^ 0x0A0A_0A0A_0A0A_0A0A, d = w ^ 0x0D0D_0D0D_0D0D_0D0D
                    let t = ((a &- lowBits) & ~a) | ((b &- lowBits) & ~b) | ((c &- lowBits) & ~c) | ((d &- lowBits) & ~d)
                    if t & highBits != 0 { return true }
                    i += 8
                }
            }
            while i < n {
                let x = bytes[i]
                if x == 44 || x == 34 || x == 10 || x == 13 { return true }
                i += 1
            }
            return false
        }) { return found }
        return s.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
    }

    /// True when `s` holds a byte JSON must escape: a control character, a double quote or a
    /// backslash.
    static func needsJSONEscape(_ s: String) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            var i = 0
            let n = bytes.count
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                while i + 8 <= n {
                    let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    // (w - 0x20…) & ~w: the high bit of some byte is set exactly when a byte is
                    // below 0x20 (the bytes of UTF-8 text above 0x7F have ~w's high bit clear).
                    let b = w ^ 0x2222_2222_2222_2222, c = w ^ 0x5C5C_5C5C_5C5C_5C5C
                    let t = ((w &- 0x2020_2020_2020_2020) & ~w) | ((b &- lowBits) & ~b) | ((c &- lowBits) & ~c)
                    if t & highBits != 0 { return true }
                    i += 8
                }
            }
            while i < n {
                let x = bytes[i]
                if x < 0x20 || x == 0x22 || x == 0x5C { return true }
                i += 1
            }
            return false
        }) { return found }
        return s.utf8.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
    }

    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080
}
