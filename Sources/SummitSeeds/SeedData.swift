import SummitKit

extension BuiltinSeeds {
    static func makeEntities() -> [Entity] { [] }
    static let packNames: [String] = []
}
