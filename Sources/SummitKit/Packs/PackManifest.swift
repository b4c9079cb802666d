/// A plugin's manifest, `pack.yaml` at the top of its directory (docs/PLUGINS.md).
///
/// A plugin with `executable:` is an external plugin; without, a pack. Both may carry data
/// files; a pack may carry command files written in the summit language.
public struct PackManifest: Sendable, Hashable {
    /// The manifest's file name; the only one looked for.
    public static let fileName = "pack.yaml"

    /// Short unique name: lowercase letters, digits and '-'. Entities of the pack carry it as `Entity.pack`.
    public var name: String
    public var version: String
    /// One line for `plugins`.
    public var description: String
    /// Ids of the summits the pack adds (each must be a summit entity of the pack).
    public var summits: [String]
    /// Extra kinds of entity the pack declares.
    public var kinds: [KindSchema]
    /// Command files (`.summit`, holding `def`s), relative to the pack directory, in load order.
    public var commandFiles: [String]
    /// Data files (`*.yaml` other than the manifest), relative to the pack directory, in name order.
    public var dataFiles: [String]
    /// For an external plugin: the program, relative to the pack directory.
    public var executable: String?
    /// For an external plugin: the command names it provides (checked against its handshake).
    public var provides: [String]
    /// For an external plugin: seconds a call may take (default 10).
    public var timeout: Double?
    /// Where the manifest is, for messages (`examples/plugins/india-2026/pack.yaml`).
    public var file: String

    public init(
        name: String, version: String, description: String, summits: [String] = [], kinds: [KindSchema] = [],
        commandFiles: [String] = [], dataFiles: [String] = [], executable: String? = nil, provides: [String] = [],
        timeout: Double? = nil, file: String = PackManifest.fileName
    ) {
        self.name = name
        self.version = version
        self.description = description
        self.summits = summits
        self.kinds = kinds
        self.commandFiles = commandFiles
        self.dataFiles = dataFiles
        self.executable = executable
        self.provides = provides
        self.timeout = timeout
        self.file = file
    }

    public var isExternal: Bool { executable != nil }

    /// True for a valid plugin or pack name (`india-2026`).
    public static func isName(_ s: String) -> Bool {
        guard let f = s.utf8.first, f >= 97 && f <= 122 || f >= 48 && f <= 57 else { return false }
        return s.utf8.count <= 64 && s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
    }

    /// True for a command name a plugin may provide: one to three words of lowercase letters,
    /// digits and '-', separated by single spaces (`cite`, `sources check`).
    public static func isCommandName(_ s: String) -> Bool {
        let words = s.split(separator: " ", omittingEmptySubsequences: false)
        return (1...3).contains(words.count) && words.allSatisfy { isName(String($0)) }
    }
}

/// What reading a plugin directory found: its manifest, its entities (already attributed to
/// the pack), and every problem in its files, each with file, line and field.
///
/// Reading checks each file's form; links between entities (ids, references) are checked when
/// the entities are added to a `Registry`.
public struct PackContents: Sendable {
    /// The directory as it was named (relative paths stay relative, for messages).
    public var directory: String
    /// Nil when the manifest is missing or unreadable (see `problems`).
    public var manifest: PackManifest?
    /// The entities: the image's (read in place, made on each ask) when there is an image.
    public var entities: [Entity] {
        get { image?.entities() ?? decoded }
        set {
            decoded = newValue
            image = nil
        }
    }
    private var decoded: [Entity]
    public var problems: [RegistryError]
    /// The mapped image the entities are read from, when they came from one (`PackImage`):
    /// `Registry.add(image:)` then links them without decoding them.
    public var image: PackImage?

    public init(directory: String, manifest: PackManifest?, entities: [Entity] = [], problems: [RegistryError] = []) {
        self.directory = directory
        self.manifest = manifest
        self.decoded = entities
        self.problems = problems
    }
}
