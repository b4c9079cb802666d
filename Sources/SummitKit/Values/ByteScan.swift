/// Byte tests over a string's UTF-8 in place: a pointer loop over native strings' storage
/// (several times quicker than the UTF-8 view's iterator in the renderers' hot paths), the view
/// otherwise.
enum ByteScan {
    @inline(__always)
    static func contains(_ s: String, where test: (UInt8) -> Bool) -> Bool {
        if let found = s.utf8.withContiguousStorageIfAvailable({ $0.contains(where: test) }) { return found }
        return s.utf8.contains(where: test)
    }

    /// True when every byte is ASCII (one byte a character).
    static func isASCII(_ s: String) -> Bool { !contains(s) { $0 >= 0x80 } }
}
