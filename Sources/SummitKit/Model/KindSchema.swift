/// What the registry knows of a kind of entity: its name and the fields it requires.
public struct KindSchema: Sendable, Hashable {
    public var name: String
    /// Fields every entity of this kind must have, with the value types accepted.
    public var required: [String: [String]]
    public var summary: String

    public init(name: String, required: [String: [String]] = [:], summary: String) {
        self.name = name
        self.required = required
        self.summary = summary
    }

    /// The built-in kinds (docs/SEEDS.md).
    public static let builtIn: [KindSchema] = [
        KindSchema(name: "summit", required: ["dates": ["date", "date range"]], summary: "a summit in the series"),
        KindSchema(name: "event", required: ["dates": ["date", "date range"]], summary: "a dated event: a day of a programme, a side event, a visit"),
        KindSchema(name: "person", summary: "a person, with roles and organisations"),
        KindSchema(name: "organisation", summary: "a company, institution, body or union"),
        KindSchema(name: "country", summary: "a country"),
        KindSchema(name: "venue", summary: "a place where events happen"),
        KindSchema(name: "initiative", summary: "an initiative, programme, report or plan"),
        KindSchema(name: "funding", required: ["amount": ["money"]], summary: "a funding pledge or investment"),
        KindSchema(name: "track", summary: "a working group or thematic track"),
        KindSchema(name: "group", summary: "a committee, delegation or group of participants"),
        KindSchema(name: "declaration", summary: "a declaration, statement or commitment"),
        KindSchema(name: "stance", summary: "a country's position on a declaration"),
        KindSchema(name: "partnership", summary: "a partnership between organisations or countries"),
        KindSchema(name: "rate", required: ["from": ["text"], "to": ["text"], "rate": ["number"], "date": ["date"]], summary: "a currency conversion rate"),
        KindSchema(name: "source", required: ["title": ["text"]], summary: "a document facts come from"),
    ]
}
