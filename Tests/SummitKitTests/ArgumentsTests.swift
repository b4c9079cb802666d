import Testing
@testable import SummitKit

/// A command with one required positional, one optional, a value option, a flag and a repeatable option.
struct DemoCommand: Command {
    var name = "demo"
    var summary = "A command for tests"
    var arguments: [ArgumentSpec] = [
        ArgumentSpec("id", help: "an entity id"),
        ArgumentSpec("other", help: "another id", optional: true),
    ]
    var options: [OptionSpec] = [
        OptionSpec("kind", value: "KIND", help: "a kind"),
        OptionSpec.flag("desc", help: "descending"),
        OptionSpec("tag", value: "TAG", help: "a tag", repeatable: true),
    ]
    func run(_ arguments: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult { .none }
}

/// Takes any number of words.
struct VariadicCommand: Command {
    var name = "words"
    var summary = "Words"
    var arguments: [ArgumentSpec] = [ArgumentSpec("text", help: "words", variadic: true)]
    var options: [OptionSpec] = [OptionSpec("limit", value: "N", help: "at most N")]
    func run(_ arguments: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult { .none }
}

/// Takes nothing at all.
struct BareCommand: Command {
    var name = "bare"
    var summary = "Nothing"
    func run(_ arguments: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult { .none }
}

@Suite("Arguments")
struct ArgumentsTests {
    func parse(_ line: String, _ command: any Command = DemoCommand()) throws(CommandError) -> Arguments {
        try Arguments.parse(line.split(separator: " ").map(String.init), for: command)
    }

    func failure(_ tokens: [String], _ command: any Command = DemoCommand()) -> CommandError? {
        do {
            _ = try Arguments.parse(tokens, for: command)
            return nil
        } catch {
            return error
        }
    }

    @Test func positionals() throws {
        let a = try parse("paris acme")
        #expect(a.positional == ["paris", "acme"])
        #expect(a.positionalTokenIndex == [0, 1])
        #expect(a.options.isEmpty)
        #expect(a.tokenIndex(ofPositional: 1) == 1)
        #expect(a.tokenIndex(ofPositional: 2) == nil)
    }

    @Test func optionWithSeparateValue() throws {
        let a = try parse("--kind summit paris")
        #expect(a.option("kind") == "summit")
        #expect(a.positional == ["paris"])
        #expect(a.positionalTokenIndex == [2])
        #expect(!a.flag("desc"))
        #expect(a.option("desc") == nil)
    }

    @Test func optionValueTokenIndexPointsAtTheValue() throws {
        // Errors about a bad value point at the value itself.
        let a = try parse("paris --kind summit")
        #expect(a.tokenIndex(ofOption: "kind") == 2)
        #expect(a.tokenIndex(ofOption: "tag") == nil)
    }

    @Test func optionWithEquals() throws {
        let a = try parse("paris --kind=summit")
        #expect(a.option("kind") == "summit")
        #expect(a.positional == ["paris"])
        #expect(a.tokenIndex(ofOption: "kind") == 1)
    }

    @Test func equalsValueMayContainEqualsAndBeEmpty() throws {
        #expect(try parse("paris --kind=a=b").option("kind") == "a=b")
        #expect(try parse("paris --kind=").option("kind") == "")
    }

    @Test func valueMayLookLikeAnOption() throws {
        // The word after a value option is its value, whatever it looks like.
        #expect(try parse("paris --kind --desc").option("kind") == "--desc")
        #expect(try parse("paris --kind -3").option("kind") == "-3")
    }

    @Test func flags() throws {
        let a = try parse("paris --desc")
        #expect(a.flag("desc"))
        #expect(a.options["desc"] == [""])
        #expect(a.positional == ["paris"])
        #expect(a.tokenIndex(ofOption: "desc") == 1)
        let twice = try parse("--desc paris --desc")
        #expect(twice.options["desc"] == ["", ""])
    }

    @Test func flagRejectsAValue() throws {
        let e = try #require(failure(["paris", "--desc=yes"]))
        #expect(e.kind == .usage)
        #expect(e.message.contains("flag '--desc' takes no value"))
        #expect(e.argumentIndex == 1)
    }

    @Test func nonRepeatableOptionKeepsTheLastValue() throws {
        let a = try parse("paris --kind a --kind b")
        #expect(a.option("kind") == "b")
        #expect(a.values("kind") == ["b"])
        #expect(a.tokenIndex(ofOption: "kind") == 4)
    }

    @Test func repeatableOptionKeepsEveryValue() throws {
        let a = try parse("paris --tag a --tag=b --tag c")
        #expect(a.values("tag") == ["a", "b", "c"])
        #expect(a.option("tag") == "c")
        #expect(a.values("kind").isEmpty)
    }

    @Test func unknownOptionSuggestsTheClosest() throws {
        let e = try #require(failure(["paris", "--kidn", "x"]))
        #expect(e.kind == .usage)
        #expect(e.message.contains("demo has no option '--kidn'"))
        #expect(e.message.contains("did you mean '--kind'?"))
        #expect(e.argumentIndex == 1)
    }

    @Test func unknownOptionPrefixSuggests() throws {
        let e = try #require(failure(["paris", "--des"]))
        #expect(e.message.contains("did you mean '--desc'?"))
    }

    @Test func unknownOptionFarFromAllListsTheOptions() throws {
        let e = try #require(failure(["paris", "--zzzzzzzz"]))
        #expect(!e.message.contains("did you mean"))
        #expect(e.message.contains("--kind"))
        #expect(e.message.contains("--desc"))
        #expect(e.message.contains("--tag"))
    }

    @Test func unknownOptionOnCommandWithoutOptions() throws {
        let e = try #require(failure(["--verbose"], BareCommand()))
        #expect(e.message.contains("bare has no option '--verbose'"))
        #expect(e.message.contains("it takes no options"))
        #expect(e.argumentIndex == 0)
    }

    @Test func unknownOptionWithEqualsReportsTheName() throws {
        let e = try #require(failure(["paris", "--knd=summit"]))
        #expect(e.message.contains("'--knd'"))
        #expect(e.message.contains("did you mean '--kind'?"))
    }

    @Test func missingOptionValue() throws {
        let e = try #require(failure(["paris", "--kind"]))
        #expect(e.kind == .usage)
        #expect(e.message.contains("option '--kind' needs a value (KIND)"))
        #expect(e.message.contains("usage: demo ID [OTHER] [--kind KIND] [--desc] [--tag TAG]"))
        #expect(e.argumentIndex == 1)
    }

    @Test func missingRequiredPositional() throws {
        let e = try #require(failure([]))
        #expect(e.kind == .usage)
        #expect(e.message.contains("demo needs ID (an entity id)"))
        #expect(e.message.contains("usage: demo"))
        let withOption = try #require(failure(["--desc"]))
        #expect(withOption.message.contains("demo needs ID"))
    }

    @Test func optionalPositionalMayBeOmitted() throws {
        #expect(try parse("paris").positional == ["paris"])
    }

    @Test func extraPositional() throws {
        let e = try #require(failure(["a", "b", "--desc", "c"]))
        #expect(e.kind == .usage)
        #expect(e.message.contains("unexpected argument 'c' for demo"))
        #expect(e.argumentIndex == 3, "points at the first extra word, counting options")
    }

    @Test func extraPositionalOnCommandWithoutArguments() throws {
        let e = try #require(failure(["x"], BareCommand()))
        #expect(e.message.contains("unexpected argument 'x' for bare; it takes no arguments"))
        #expect(e.argumentIndex == 0)
    }

    @Test func doubleDashEndsOptions() throws {
        let a = try parse("-- --kind")
        #expect(a.positional == ["--kind"])
        #expect(a.option("kind") == nil)
        #expect(a.positionalTokenIndex == [1])
        let b = try parse("--desc -- --desc --x")
        #expect(b.flag("desc"))
        #expect(b.options["desc"] == [""])
        #expect(b.positional == ["--desc", "--x"])
        let c = try parse("paris -- --")
        #expect(c.positional == ["paris", "--"])
    }

    @Test func singleDashWordsArePositional() throws {
        let a = try parse("-3 -x")
        #expect(a.positional == ["-3", "-x"])
    }

    @Test func variadicTakesEveryWord() throws {
        let a = try parse("grand palais paris 2025", VariadicCommand())
        #expect(a.positional == ["grand", "palais", "paris", "2025"])
        let b = try parse("grand --limit 3 palais", VariadicCommand())
        #expect(b.positional == ["grand", "palais"])
        #expect(b.option("limit") == "3")
        #expect(b.positionalTokenIndex == [0, 3])
    }

    @Test func variadicStillNeedsOneWordWhenRequired() throws {
        let e = try #require(failure([], VariadicCommand()))
        #expect(e.message.contains("words needs TEXT"))
    }

    @Test func usageString() {
        #expect(DemoCommand().usage == "demo ID [OTHER] [--kind KIND] [--desc] [--tag TAG]")
        #expect(VariadicCommand().usage == "words TEXT... [--limit N]")
        #expect(BareCommand().usage == "bare")
    }

    @Test func typedNumberOption() throws {
        let a = try parse("x --kind 1.5m", DemoCommand())
        #expect(try a.number(option: "kind") == 1.5e6)
        #expect(try a.number(option: "tag") == nil)
        let bad = try parse("x --kind lots")
        #expect(throws: CommandError.self) { try bad.number(option: "kind") }
    }

    @Test func typedDateOption() throws {
        let a = try parse("x --kind 2025-02-10")
        #expect(try a.date(option: "kind") == ISODate(year: 2025, month: 2, day: 10))
        let bad = try parse("x --kind 2025-02-30")
        do {
            _ = try bad.date(option: "kind")
            Issue.record("2025-02-30 should be rejected")
        } catch {
            #expect(error.kind == .invalidValue)
            #expect(error.message.contains("'2025-02-30'"))
            #expect(error.argumentIndex == 2)
        }
    }

    @Test func typedChoiceOption() throws {
        let a = try parse("x --kind jsno")
        do {
            _ = try a.choice(option: "kind", ["json", "csv"])
            Issue.record("jsno is not a choice")
        } catch {
            #expect(error.message.contains("did you mean 'json'?"))
        }
        #expect(try parse("x --kind csv").choice(option: "kind", ["json", "csv"]) == "csv")
    }
}
