import Testing
@testable import SummitKit

@Suite("Language parser")
struct LanguageParserTests {
    func parse(_ text: String) throws -> [Stmt] { try Parser.parse(text).statements }

    func syntaxError(_ text: String) -> SyntaxError? {
        do {
            _ = try Parser.parse(text)
            return nil
        } catch {
            return error
        }
    }

    func pipeline(_ text: String) throws -> Pipeline {
        let s = try parse(text)
        guard s.count == 1, case .pipeline(let p) = s[0] else { throw Failure("not one pipeline: \(text)") }
        return p
    }

    struct Failure: Error { var message: String; init(_ m: String) { message = m } }

    @Test func commandWithArguments() throws {
        let p = try pipeline("funding list --summit paris-2025")
        guard case .command(let args, let pos) = p.head else { throw Failure("not a command") }
        #expect(args.map(\.plainText) == ["funding", "list", "--summit", "paris-2025"])
        #expect(pos.column == 1)
        #expect(p.stages.isEmpty)
    }

    @Test func adjacentPunctuationStaysInTheArgument() throws {
        let p = try pipeline("find 1,000 f(x) [a]")
        guard case .command(let args, _) = p.head else { throw Failure("not a command") }
        #expect(args.map(\.plainText) == ["find", "1,000", "f(x)", "[a]"])
    }

    @Test func pipelineStages() throws {
        let p = try pipeline("funding list | where amount > 10bn EUR | sort amount desc | select name amount.currency | first 3 | last 2 | count")
        #expect(p.stages.map(\.name) == ["where", "sort", "select", "first", "last", "count"])
        guard case .sort(.path(let f, _), let desc, _) = p.stages[1] else { throw Failure("sort") }
        #expect(f == "amount" && desc)
        guard case .select(let fields, _) = p.stages[2] else { throw Failure("select") }
        #expect(fields.count == 2)
        guard case .filter(.comparison(.field("amount", _), .greater, .literal(let lit), _), _) = p.stages[0] else { throw Failure("where") }
        #expect(lit.text == "10bn EUR")
        #expect(lit.value == .money(Money(amount: 10e9, currency: "EUR")))
    }

    @Test func sortIsAscendingByDefault() throws {
        guard case .sort(_, let desc, _) = try pipeline("list x | sort name").stages[0] else { throw Failure("sort") }
        #expect(!desc)
        guard case .sort(_, let asc, _) = try pipeline("list x | sort name asc").stages[0] else { throw Failure("sort") }
        #expect(!asc)
    }

    @Test func groupAndSum() throws {
        let p = try pipeline("list event | group summit | sort count desc")
        #expect(p.stages.map(\.name) == ["group", "sort"])
        #expect(try pipeline("list funding | sum amount").stages.map(\.name) == ["sum"])
    }

    @Test func formatOnAStage() throws {
        #expect(try pipeline("list x | first 1 --format json").format == .json)
        #expect(try pipeline("list x | sort a --format=csv").format == .csv)
        #expect(try pipeline("list x --format json").format == nil, "on the command it stays an argument")
    }

    @Test func pipelineMayContinueAfterABar() throws {
        #expect(try pipeline("list x |\n  where a == 1 |\n  count").stages.count == 2)
    }

    @Test func valueHeads() throws {
        guard case .value(.variable(let v)) = try pipeline("$pledges | count").head else { throw Failure("variable") }
        #expect(v.name == "pledges")
        guard case .value(.literal(let l)) = try pipeline("200bn EUR").head else { throw Failure("money") }
        #expect(l.value == .money(Money(amount: 200e9, currency: "EUR")))
        guard case .value(.list(let items, _)) = try pipeline("[a, 2025-02-10, 3,]").head else { throw Failure("list") }
        #expect(items.count == 3)
        guard case .value(.string) = try pipeline("\"hello $x\"").head else { throw Failure("string") }
        guard case .value(.substitution) = try pipeline("$(list summit | count)").head else { throw Failure("subst") }
    }

    @Test func literals() throws {
        #expect(LiteralReader.natural("20bn") == .number(20e9))
        #expect(LiteralReader.natural("1.5m") == .number(1.5e6))
        #expect(LiteralReader.natural("300k") == .number(300e3))
        #expect(LiteralReader.natural("-3") == .number(-3))
        #expect(LiteralReader.natural("2025") == .number(2025))
        #expect(LiteralReader.natural("2025-02-10") == .date(ISODate(year: 2025, month: 2, day: 10)))
        #expect(LiteralReader.natural("2025-02") == .date(ISODate(year: 2025, month: 2)))
        #expect(LiteralReader.natural("2025-02-06..2025-02-11") == .dateRange(DateRange("2025-02-06..2025-02-11")!))
        #expect(LiteralReader.natural("true") == .bool(true))
        #expect(LiteralReader.natural("paris-2025") == .text("paris-2025"))
        #expect(LiteralReader.natural("2025-02-30") == .text("2025-02-30"))
        #expect(LiteralReader.money("EUR 5bn") == Money(amount: 5e9, currency: "EUR"))
        #expect(LiteralReader.money("5bn eur") == Money(amount: 5e9, currency: "EUR"))
        #expect(LiteralReader.money("5bnEUR") == Money(amount: 5e9, currency: "EUR"))
        #expect(LiteralReader.money("5bn") == nil)
    }

    @Test func moneyBothWaysRound() throws {
        guard case .filter(.comparison(_, _, .literal(let l), _), _) = try pipeline("x | where amount < EUR 5bn").stages[0] else { throw Failure("where") }
        #expect(l.value == .money(Money(amount: 5e9, currency: "EUR")))
    }

    @Test func conditionsAreFlat() throws {
        guard case .filter(.any(let alternatives), _) = try pipeline("x | where a == 1 or b == 2 and c == 3 or not d").stages[0] else { throw Failure("or") }
        #expect(alternatives.count == 3)
        guard case .all(let both) = alternatives[1] else { throw Failure("and") }
        #expect(both.count == 2)
        guard case .not(.truth(.field("d", _), _), _) = alternatives[2] else { throw Failure("not") }
    }

    @Test func parenthesesGroup() throws {
        guard case .filter(.all(let parts), _) = try pipeline("x | where (a == 1 or b == 2) and c").stages[0] else { throw Failure("and") }
        guard case .any = parts[0] else { throw Failure("group") }
    }

    @Test func operators() throws {
        for op in ComparisonOperator.allCases {
            guard case .filter(.comparison(_, let parsed, _, _), _) = try pipeline("x | where a \(op.rawValue) b").stages[0] else { throw Failure("op") }
            #expect(parsed == op)
        }
    }

    @Test func inWhereTheLeftIsAFieldAndInIfAValue() throws {
        guard case .filter(.comparison(.field("amount.currency", _), _, .literal, _), _) = try pipeline("x | where amount.currency == EUR").stages[0] else { throw Failure("field") }
        guard case .conditional(let c) = try parse("if a == b { }")[0], case .comparison(.literal, _, .literal, _) = c.branches[0].condition else { throw Failure("if") }
    }

    @Test func letDefForIfAssert() throws {
        let s = try parse("""
            let total = funding total --currency EUR
            def top n=3 rest... "Largest" { funding list | first $n }
            for s in list summit | sort dates { echo $s.name }
            if $a > 1 { echo a } else if $a < 0 { echo b } else { echo c }
            assert $total.total > 300bn EUR "enough"
            """)
        #expect(s.count == 5)
        guard case .binding(let b) = s[0] else { throw Failure("let") }
        #expect(b.name == "total")
        guard case .definition(let d) = s[1] else { throw Failure("def") }
        #expect(d.name == "top")
        #expect(d.parameters.map(\.name) == ["n", "rest"])
        #expect(d.parameters[0].defaultValue == "3")
        #expect(d.parameters[1].variadic)
        #expect(d.summary == "Largest")
        #expect(d.body.statements.count == 1)
        guard case .loop(let l) = s[2] else { throw Failure("for") }
        #expect(l.variable == "s")
        #expect(l.source.stages.count == 1)
        guard case .conditional(let c) = s[3] else { throw Failure("if") }
        #expect(c.branches.count == 2)
        #expect(c.otherwise != nil)
        guard case .assertion(let a) = s[4] else { throw Failure("assert") }
        #expect(a.message?.plainText == "enough")
        #expect(a.conditionRange.count == "$total.total > 300bn EUR".utf8.count)
    }

    @Test func blocksSpanLinesAndSemicolons() throws {
        let s = try parse("for x in [1, 2] {\n  echo a; echo b\n\n  echo c\n}\necho d")
        guard case .loop(let l) = s[0] else { throw Failure("for") }
        #expect(l.body.statements.count == 3)
        #expect(s.count == 2)
    }

    @Test func emptyScriptsAndBlocks() throws {
        #expect(try parse("").isEmpty)
        #expect(try parse("\n;\n# only a comment\n").isEmpty)
        guard case .definition(let d) = try parse("def nothing { }")[0] else { throw Failure("def") }
        #expect(d.body.statements.isEmpty)
    }

    @Test func keywordsOnlyAsBareWords() throws {
        // A quoted 'let' is text, not the keyword: a value, which no word may follow.
        #expect(syntaxError("'let' x = 3")?.message.hasPrefix("unexpected 'x' after a value") == true)
        guard case .pipeline(let p) = try parse("'let'")[0], case .value(.string) = p.head else { throw Failure("a quoted keyword is text") }
    }

    @Test func incompleteInput() {
        for text in ["for x in list summit {", "if $a {\n echo", "echo $(list", "assert [1, 2", "x | where (a", "list x |", "echo 'a", "echo \"a", "echo \\"] {
            #expect(Parser.needsMoreInput(text), "\(text) should continue on the next line")
        }
        for text in ["echo a", "for x in list summit { }", "}", "if $a", "list x | wher y", "let x ="] {
            #expect(!Parser.needsMoreInput(text), "\(text) is complete (or simply wrong)")
        }
    }

    @Test func nestingIsLimited() throws {
        let ok = String(repeating: "if 1 == 1 { ", count: 200) + String(repeating: "} ", count: 200)
        #expect(try parse(ok).count == 1)
        let deep = String(repeating: "if 1 == 1 { ", count: 100_000) + String(repeating: "} ", count: 100_000)
        let e = try #require(syntaxError(deep))
        #expect(e.message == "blocks nested more than 256 deep; split the script into smaller parts (def, source)")
        let parens = "x | where " + String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
        #expect(syntaxError(parens)?.message == "parentheses nested more than 256 deep; split the script into smaller parts (def, source)")
        let lists = "assert " + String(repeating: "[", count: 100_000)
        #expect(syntaxError(lists)?.message == "lists nested more than 256 deep; split the script into smaller parts (def, source)")
        let subs = "echo " + String(repeating: "$(", count: 100_000)
        #expect(syntaxError(subs)?.message == "'$(' substitutions nested more than 256 deep; split the script into smaller parts (def, source)")
        let nots = "x | where " + String(repeating: "not ", count: 100_000) + "a"
        #expect(syntaxError(nots)?.message == "'not' nested more than 256 deep; split the script into smaller parts (def, source)")
    }

    @Test func longFlatInputs() throws {
        let ors = "x | where " + Array(repeating: "a == 1", count: 50_000).joined(separator: " or ")
        guard case .filter(.any(let cs), _) = try pipeline(ors).stages[0] else { throw Failure("or") }
        #expect(cs.count == 50_000)
        let stages = "x" + String(repeating: " | first 1", count: 50_000)
        #expect(try pipeline(stages).stages.count == 50_000)
        let args = "echo" + String(repeating: " a", count: 200_000)
        guard case .command(let a, _) = try pipeline(args).head else { throw Failure("args") }
        #expect(a.count == 200_001)
    }
}
