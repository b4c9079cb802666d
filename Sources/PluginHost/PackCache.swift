import SummitKit
#if canImport(Glibc)
import Glibc
#endif

/// What `summit-pack` said about each plugin directory, as a mapped image (`PackImage`), kept in
/// `$XDG_CACHE_HOME/summit/packs/` (default `~/.cache/summit/packs/`) so that a start-up with
/// unchanged plugins runs no helper: starting the helper costs tens of milliseconds, checking the
/// cache well under one. The entry is mapped, not read: its entities are read in place when asked
/// for, and the registry links them without decoding them (`Registry.add(image:)`).
///
/// An entry is used only while its stamp still holds: the size and modification time (to the
/// nanosecond) of every entry at the top of the plugin directory and in its `commands/`, and of
/// the helper itself (a rebuilt reader may read differently). Anything else reads afresh.
/// The cache is a convenience: when it cannot be read or written, nothing else changes.
public struct PackCache: Sendable {
    public var directory: String?
    static let version = 4

    public init(directory: String? = PackCache.defaultDirectory()) {
        self.directory = directory
    }

    /// `$XDG_CACHE_HOME/summit/packs`, else `$HOME/.cache/summit/packs`; nil when neither is set,
    /// or when `SUMMIT_NO_PACK_CACHE` is set.
    public static func defaultDirectory() -> String? {
        if PluginSearch.getenv("SUMMIT_NO_PACK_CACHE") != nil { return nil }
        if let x = PluginSearch.getenv("XDG_CACHE_HOME"), x.hasPrefix("/") { return x + "/summit/packs" }
        if let h = PluginSearch.getenv("HOME"), !h.isEmpty { return h + "/.cache/summit/packs" }
        return nil
    }

    /// The cached reading of `pack` (named as the user named it), if still valid for `helper`.
    public func lookup(_ pack: String, helper: String) -> PackContents? {
        // Entries others could have written are not trusted.
        guard let directory, FileIO.unsafeWritability(directory) == nil else { return nil }
        guard let file = entryPath(pack), FileIO.unsafeWritability(file) == nil else { return nil }
        // The stamp (in the header, as JSON) is checked before the rest is looked at.
        let image = PackImage.open(file) { header in
            guard let doc = try? JSONParser().parse(String(decoding: header, as: UTF8.self)) else { return false }
            return doc["cache"]?.intValue == Self.version && doc["summit"]?.stringValue == SummitVersion.current
                && doc["stamp"] == Self.stamp(pack, helper: helper)
        }
        return image?.contents
    }

    /// Keeps a reading, with the stamp of the files as they are now.
    public func store(_ contents: PackContents, helper: String) {
        guard let file = entryPath(contents.directory), let dir = directory else { return }
        guard Self.makeDirectories(dir) else { return }
        let header = JSONValue.object([
            JSONMember("cache", .number(Double(Self.version))), JSONMember("summit", .string(SummitVersion.current)),
            JSONMember("stamp", Self.stamp(contents.directory, helper: helper)),
        ])
        guard let bytes = PackImage.encode(contents, header: Array(header.serialized.utf8),
                                           kinds: KindSchema.builtIn + (contents.manifest?.kinds ?? [])) else { return }
        // Written to a temporary name, then renamed: a reader never sees half an entry.
        let temporary = file + ".\(getpid()).tmp"
        if bytes.withUnsafeBytes({ StandardStream.writeFile(temporary, bytes: $0, piece: StandardStream.mappedFilePiece) }) { rename(temporary, file) } else { unlink(temporary) }
    }

    /// The entry file for a pack: a hash of the path as named and of where it really is.
    func entryPath(_ pack: String) -> String? {
        guard let directory, let real = FileIO.realPath(pack) else { return nil }
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in (pack + "\u{0}" + real).utf8 {
            h ^= UInt64(b)
            h = h &* 0x0100_0000_01B3
        }
        let hex = String(h, radix: 16)
        return directory + "/" + String(repeating: "0", count: 16 - hex.count) + hex + ".pack"
    }

    /// What must not have changed for an entry to hold.
    static func stamp(_ pack: String, helper: String) -> JSONValue {
        var items: [JSONValue] = []
        func add(_ name: String, _ path: String) {
            guard let s = FileIO.stamp(path) else { return }
            items.append(.array([.string(name), .string("\(s.size) \(s.modified)"), .bool(s.isDirectory)]))
        }
        add("(helper)", helper)
        add(".", pack)
        for name in FileIO.list(pack) { add(name, FileIO.resolve(name, relativeTo: pack)) }
        let commands = FileIO.resolve("commands", relativeTo: pack)
        if FileIO.isDirectory(commands) { for name in FileIO.list(commands) { add("commands/" + name, FileIO.resolve(name, relativeTo: commands)) } }
        return .array(items)
    }

    static func makeDirectories(_ path: String) -> Bool {
        if FileIO.isDirectory(path) { return true }
        let parent = FileIO.directory(of: path)
        guard parent != path, makeDirectories(parent) else { return false }
        return mkdir(path, 0o700) == 0 || FileIO.isDirectory(path)
    }
}
