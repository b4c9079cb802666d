import Testing
@testable import SummitKit

/// The hand-written JSON reader and writer (no Foundation): what the plugin protocol and the
/// pack form rest on. The reader must never trap, whatever it is given.
@Suite("JSON")
struct JSONTests {
    func parse(_ text: String) throws(JSONError) -> JSONValue { try JSONParser().parse(text) }

    @Test func readsEveryKindOfValueInOrder() throws {
        let v = try parse(#" {"b": [1, -2.5, 3e2, true, false, null], "a": "x\"y\\z\n\u00e9\ud83d\ude00", "e": {}} "#)
        guard case .object(let members) = v else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "e"])
        #expect(v["b"] == .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]))
        #expect(v["a"] == .string("x\"y\\z\né😀"))
        #expect(v["e"] == .object([]))
        #expect(v["missing"] == nil)
    }

    @Test func writesWhatItReads() throws {
        let docs = [#"{"id":1,"records":[{"a":"é\n\t\"q\"","n":-0.5,"big":200000000000,"l":[true,null]}]}"#, "[]", "{}", #""\u0001""#]
        for d in docs {
            let v = try parse(d)
            #expect(try parse(v.serialized) == v)
            #expect(!v.serialized.contains("\n"), "one line, for JSON lines")
        }
        #expect(JSONValue.number(0.1).serialized == "0.1")
        #expect(JSONValue.number(200_000_000_000).serialized == "200000000000")
        #expect(JSONValue.number(.infinity).serialized == "null")
    }

    @Test(arguments: [
        ("", "unexpected end of input"),
        ("{", "expected a member name"),
        ("{\"a\" 1}", "expected ':'"),
        ("[1,]", "expected a value"),
        ("[1 2]", "expected ',' or ']'"),
        ("01", "may not start with 0"),
        ("1.", "digits after '.'"),
        ("1e", "exponent"),
        ("\"abc", "unclosed string"),
        ("\"a\u{01}b\"", "control character"),
        ("\"\\x\"", "unknown escape"),
        ("\"\\ud800\"", "surrogate"),
        ("\"\\udc00x\"", "surrogate"),
        ("\"\\u12\"", "four hex digits"),
        ("tru", "expected 'true'"),
        ("nul", "expected 'null'"),
        ("{} x", "after the end"),
        ("1e999", "out of range"),
        ("Hello, world!", "expected a value"),
    ])
    func rejectsWithAReason(_ text: String, _ reason: String) {
        do {
            _ = try parse(text)
            Issue.record("'\(text)' should not parse")
        } catch {
            #expect(error.message.contains(reason), "'\(text)': \(error.message)")
        }
    }

    @Test func errorsSayWhere() {
        do {
            _ = try parse("{\n  \"a\": 1,\n  \"b\": ?\n}")
            Issue.record("should fail")
        } catch {
            #expect(error.line == 3)
            #expect(error.column == 8)
            #expect(error.description.hasPrefix("line 3, column 8: "))
        }
    }

    @Test func invalidUTF8AndDeepNestingAreErrorsNotCrashes() {
        #expect(throws: JSONError.self) { try JSONParser().parse([0x22, 0xFF, 0xFE, 0x22]) }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONError.self) { try JSONParser(maxDepth: 64).parse(deep) }
        #expect(throws: JSONError.self) { try JSONParser(maxBytes: 10).parse("[1,2,3,4,5,6,7,8]") }
        #expect((try? JSONParser(maxDepth: 64).parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))) != nil)
    }

    /// Random bytes and mutations of valid documents: every input parses or throws.
    @Test func garbageNeverTraps() {
        var rng = SplitMix(seed: 0x5EED)
        let seeds = [#"{"protocol":1,"name":"x","commands":[{"name":"a","arguments":[{"name":"id","entity":true}]}]}"#,
                     #"{"id":3,"records":[{"amount":{"amount":2.5e9,"currency":"EUR"},"d":"2026-02-16"}]}"#]
        let alphabet = Array("{}[]\":,\\u0123456789abcdeftrnl .-+eE\u{00}\u{7F}é".utf8)
        for i in 0..<4000 {
            var bytes: [UInt8]
            if i % 2 == 0 {
                bytes = (0..<Int(rng.next() % 64)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            } else {
                bytes = Array(seeds[i % seeds.count].utf8)
                for _ in 0..<Int(1 + rng.next() % 4) where !bytes.isEmpty {
                    let at = Int(rng.next() % UInt64(bytes.count))
                    switch rng.next() % 3 {
                    case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
                    case 1: bytes.remove(at: at)
                    default: bytes.insert(alphabet[Int(rng.next() % UInt64(alphabet.count))], at: at)
                    }
                }
            }
            _ = try? JSONParser(maxDepth: 32).parse(bytes)
        }
    }
}

/// A small deterministic generator for repeatable fuzzing.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
