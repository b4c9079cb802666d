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

    /// True when `s` holds any of the four bytes.
    static func contains(_ s: String, anyOf a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ bytes -> Bool in
            var i = 0
            if let base = UnsafeRawPointer(bytes.baseAddress) {
                while i + 8 <= bytes.count {
                    let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if hasByte(w, a) || hasByte(w, b) || hasByte(w, c) || hasByte(w, d) { return true }
                    i += 8
                }
            }
            while i < bytes.count {
                let x = bytes[i]
                if x == a || x == b || x == c || x == d { return true }
                i += 1
            }
            return false
        }) { return found }
        return s.utf8.contains { $0 == a || $0 == b || $0 == c || $0 == d }
    }

    private static let lowBits: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Whether any of the eight bytes of `w` is `byte`: the bytes equal to it become zero, and
    /// (x - 0x01…) & ~x & 0x80… is non-zero exactly when some byte of x is zero.
    @inline(__always)
    private static func hasByte(_ w: UInt64, _ byte: UInt8) -> Bool {
        let x = w ^ (lowBits &* UInt64(byte))
        return (x &- lowBits) & ~x & highBits != 0
    }
}
