/// `find TEXT`: searches every entity's id, name, aliases and field values.
public struct FindCommand: Command {
    public init() {}
    public let name = "find"
    public let summary = "Search every entity by id, name and field text"
    public var help: String {
        """
        Case- and accent-insensitive search (`universite` finds Université Paris-Saclay). Several
        words must all match. Results are ranked: id and name matches first.

        Examples:
          find grand palais
          find bengio
          find investai --kind funding
        """
    }
    public var arguments: [ArgumentSpec] { [ArgumentSpec("text", help: "words to look for", variadic: true)] }
    public var options: [OptionSpec] {
        [OptionSpec("kind", value: "KIND", help: "only entities of this kind", completion: .values(KindSchema.builtIn.map(\.name))),
         OptionSpec("limit", value: "N", help: "at most N results")]
    }

    public func complete(_ request: CompletionRequest, in context: CommandContext) -> [String] {
        if request.previous.last == "--kind" { return context.registry.presentKinds.filter { $0.hasPrefix(request.prefix) } }
        return context.defaultCompletions(for: self, request)
    }

    public func run(_ args: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult {
        let terms = args.positional.flatMap { $0.split(separator: " ") }.map { TextFold.fold(String($0)) }.filter { !$0.isEmpty }
        guard !terms.isEmpty else { throw .usage("find needs some text to look for; example: find grand palais") }
        let kind = args.option("kind")
        if let kind, context.registry.kinds[kind] == nil {
            var msg = "unknown kind '\(kind)'"
            if let s = Suggest.closest(to: kind, in: context.registry.kinds.keys) { msg += "; did you mean '\(s)'?" }
            throw .invalid(msg, argument: args.tokenIndex(ofOption: "kind"))
        }
        var limit = Int.max
        if let l = args.option("limit") {
            guard let n = Int(l), n > 0 else { throw .invalid("--limit needs a positive whole number", argument: args.tokenIndex(ofOption: "limit")) }
            limit = n
        }
        var hits: [(rank: Int, order: Int, record: Record)] = []
        let registry = context.registry
        let folded = terms.map { Array($0.utf8) }
        let pool = kind.map { registry.indices(ofKind: $0) } ?? Array(registry.entities.indices)
        for (order, i) in registry.searchCorpus.entities(matchingAll: folded, among: pool).enumerated() {
            let e = registry.entities[i]
            let (rank, field, text) = Self.match(e, terms, folded)
            hits.append((rank, order, Record([
                RecordField("id", .text(e.id)), RecordField("kind", .text(e.kind)), RecordField("name", .text(e.name)),
                RecordField("matched", .text(field == "id" || field == "name" ? field : "\(field): \(Self.snippet(text, terms[0]))")),
            ])))
        }
        hits.sort { ($0.rank, $0.order) < ($1.rank, $1.order) }
        return .records(hits.prefix(limit).map(\.record), columns: ["id", "kind", "name", "matched"])
    }

    /// Rank 0: id or name matches all terms; 1: aliases; 2: field text. Returns where it matched.
    /// `e` is known to match (its search text holds every term); `folded` are the terms' UTF-8.
    static func match(_ e: Entity, _ terms: [String], _ folded: [[UInt8]]) -> (Int, String, String) {
        let name = SearchText.fold(e.name + " " + e.id)
        if folded.allSatisfy({ SearchText.contains(name, $0) }) { return (0, "name", e.name) }
        let aliases = SearchText.fold(e.aliases.joined(separator: " "))
        if folded.allSatisfy({ SearchText.contains(aliases, $0) || SearchText.contains(name, $0) }) {
            return (1, "alias", e.aliases.joined(separator: ", "))
        }
        // A match: say which field (folded again, for this entity only).
        for f in e.fields {
            for c in f.claims {
                let display = c.value.display
                let t = SearchText.fold(display)
                if folded.contains(where: { SearchText.contains(t, $0) }) { return (2, f.name, display) }
            }
        }
        return (2, "relations", e.relations.map { $0.targets.joined(separator: ", ") }.joined(separator: "; "))
    }

    /// A short excerpt around the first match.
    static func snippet(_ text: String, _ term: String) -> String {
        let utf8 = text.utf8
        if utf8.count <= 60 { return text }
        if utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII: one byte a character, and folding keeps positions.
            let bytes = Array(utf8)
            let at = SearchText.firstOffset(of: Array(term.utf8), in: SearchText.fold(text)) ?? 0
            let start = max(0, at - 20)
            let end = min(bytes.count, start + 60)
            return (start > 0 ? "…" : "") + String(decoding: bytes[start..<end], as: UTF8.self) + (end < bytes.count ? "…" : "")
        }
        let chars = Array(text)
        guard chars.count > 60 else { return text }
        let folded = Array(TextFold.fold(text))
        var at = 0
        if folded.count == chars.count, let r = folded.firstRange(of: Array(term)) {
            at = r.lowerBound
        }
        let start = max(0, at - 20)
        let end = min(chars.count, start + 60)
        return (start > 0 ? "…" : "") + String(chars[start..<end]) + (end < chars.count ? "…" : "")
    }
}
