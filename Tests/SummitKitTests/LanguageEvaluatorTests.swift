import Testing
@testable import SummitKit

@Suite("Language evaluator")
struct LanguageEvaluatorTests {
    @Test func commandsStillRunAsBefore() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("show paris-2025").hasPrefix("AI Action Summit  (summit paris-2025)"))
        #expect(s.output("list summit --format csv").hasPrefix("id,kind,name,"))
    }

    @Test func echoJoinsItsArguments() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("echo hello   world") == "hello world\n")
        #expect(s.output("echo") == "\n")
        #expect(s.output("echo --not-an-option") == "--not-an-option\n")
        #expect(s.output("echo 'a  b' \"c\"") == "a  b c\n")
    }

    @Test func letAndInterpolation() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("""
            let n = list funding | count
            let m = 200bn EUR
            let d = 2025-02-10
            let name = "Paris"
            echo "n=$n m=$m d=$d name=$name ${name}ian"
            """) == "n=5 m=EUR 200bn d=2025-02-10 name=Paris Parisian\n")
    }

    @Test func variableAloneShowsItsResult() throws {
        let s = try LanguageFixture.session()
        _ = s.output("let pledges = list funding | where amount.currency == USD | select id amount")
        #expect(s.output("$pledges --format csv") == "id,amount\nus-infra,500000000000 USD\nroost,27000000 USD\n")
        #expect(s.output("$pledges | count") == "2\n")
        #expect(s.output("echo $pledges.id") == "us-infra roost\n", "a list spreads into arguments")
        #expect(s.output("echo \"$pledges.id\"") == "us-infra, roost\n", "in text a list is joined")
        #expect(s.output("echo $pledges.amount.0") == "500000000000 USD\n", "an argument gets the exact form")
        #expect(s.output("echo \"$pledges.amount.0\"") == "USD 500bn\n", "text gets the form people read")
    }

    @Test func recordsBecomeTheirIdInArguments() throws {
        let s = try LanguageFixture.session()
        _ = s.output("let p = show paris-2025")
        #expect(s.output("echo $p \"$p\" $p.name") == "paris-2025 paris-2025 AI Action Summit\n")
        #expect(s.output("echo $p.dates $p.dates.start $p.host") == "2025-02-10..2025-02-11 2025-02-10 france\n", "fields and relations of an entity")
        #expect(s.output("show $(list summit | sort dates | first 1) --format csv").contains("seoul-2024"))
    }

    @Test func substitutionWithPath() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("echo $(list funding | sum amount).sum") == "329000000000 EUR 500027000000 USD\n")
        #expect(s.output("echo \"first:\" $(list summit | first 1).id") == "first: paris-2025\n")
        #expect(s.output("echo \"\\$(x)\"") == "$(x)\n")
    }

    @Test func forLoopsOverRowsAndLists() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("for s in list summit | sort dates { echo $s.id }") == "seoul-2024\nparis-2025\n")
        #expect(s.output("for x in [a, b, 3] { echo $x }") == "a\nb\n3\n")
        #expect(s.output("for x in list funding | where amount > 1tn { echo never }") == "")
        #expect(s.output("for x in 42 { echo $x }") == "42\n")
    }

    @Test func ifElse() throws {
        let s = try LanguageFixture.session()
        let script = """
            def size n {
              if $n > 100 { echo big } else if $n > 10 { echo medium } else { echo small }
            }
            size 500
            size 50
            size 5
            """
        #expect(s.output(script) == "big\nmedium\nsmall\n")
        #expect(s.output("if $(list summit | count) == 2 { echo two }") == "two\n")
        #expect(s.output("if $(list funding | where amount > 1tn) { echo some } else { echo none }") == "none\n")
    }

    @Test func defIsACommand() throws {
        let s = try LanguageFixture.session()
        _ = s.output("""
            def top currency n=2 "The largest pledges in a currency" {
              list funding | where amount.currency == $currency | sort amount desc | first $n | select id amount
            }
            """)
        #expect(s.output("top EUR --format csv") == "id,amount\ninvestai,200000000000 EUR\nfrance-private,109000000000 EUR\n")
        #expect(s.output("top EUR 1 | count") == "1\n", "a def can be piped")
        #expect(s.output("let t = top USD\necho $t.id") == "us-infra roost\n")
        #expect(s.output("help").contains("  defined with def\n    top"))
        #expect(s.output("help top").hasPrefix("usage: top CURRENCY [N]\n\nThe largest pledges in a currency."))
        #expect(s.context.commandOwner["top"] == "user")
        #expect(s.context.complete(.commands, prefix: "to") == ["top"])
    }

    @Test func defBodyPrintsAllButItsLastStatement() throws {
        let s = try LanguageFixture.session()
        _ = s.output("def two { echo one; echo two }")
        #expect(s.output("two") == "one\ntwo\n")
        #expect(s.output("let x = two\necho [$x]") == "one\n[two]\n")
    }

    @Test func variadicParameters() throws {
        let s = try LanguageFixture.session()
        _ = s.output("def all first rest... { echo $first; for r in $rest { echo - $r } }")
        #expect(s.output("all a b c") == "a\n- b\n- c\n")
        #expect(s.output("all a") == "a\n")
    }

    @Test func defsCanBeRedefinedButNotBuiltIns() throws {
        let s = try LanguageFixture.session()
        _ = s.output("def hi { echo 1 }\ndef hi { echo 2 }")
        #expect(s.output("hi") == "2\n")
        #expect(s.firstError("def show { }") == "<test>:1:5: error: 'show' is already a command (built in); choose another name for your def")
    }

    @Test func scopesAreGlobalOrPerCall() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("if true { let inside = 'yes' }\necho $inside") == "yes\n", "a block does not scope variables")
        #expect(s.output("let x = 'global'\ndef f { let x = 'local'; echo $x }\nf\necho $x") == "local\nglobal\n")
        #expect(s.output("def g { echo $x }\ng") == "global\n", "a def reads globals")
        _ = s.output("def h p { echo $p }")
        #expect(s.firstError("h 1\necho $p") == "<test>:2:6: error: undefined variable '$p'; set it first with: let p = ...")
    }

    @Test func variablesLastForTheSession() throws {
        let s = try LanguageFixture.session()
        _ = s.output("let kept = 1")
        #expect(s.output("echo $kept") == "1\n")
    }

    @Test func assertions() throws {
        let s = try LanguageFixture.session()
        #expect(s.run("assert $(list summit | count) == 2 \"two summits\"").status == .ok)
        let r = s.run("let n = list summit | count\nassert $n == 3 \"three summits\"", file: "checks.summit")
        #expect(r.status == .failed)
        #expect(r.err == "checks.summit:2:8: assertion failed: three summits: $n == 3 (left: 2, right: 3)\n")
        #expect(s.interpreter.errorCount > 0)
    }

    @Test func assertionShowsTheFailingPartOfACompoundCondition() throws {
        let s = try LanguageFixture.session()
        let and = s.firstError("let a = 5\nassert $a > 1 and $a < 3")
        #expect(and == "<test>:2:19: assertion failed: $a > 1 and $a < 3 ($a < 3: left: 5, right: 3)")
        let or = s.firstError("assert 1 == 2 or not 1 == 1")
        #expect(or == "<test>:1:8: assertion failed: 1 == 2 or not 1 == 1 (1 == 2: left: 1, right: 2; 1 == 1: left: 1, right: 1)")
        let truth = s.firstError("let e = \"\"\nassert $e \"must not be empty\"")
        #expect(truth == "<test>:2:8: assertion failed: must not be empty: $e (value: '')")
        let money = s.firstError("assert 5bn EUR == 5bn USD")
        #expect(money == "<test>:1:8: assertion failed: 5bn EUR == 5bn USD (left: EUR 5bn, right: USD 5bn; amounts in different currencies are never compared)")
    }

    @Test func assertionMessageMayInterpolate() throws {
        let s = try LanguageFixture.session()
        #expect(s.firstError("let n = 2\nassert $n > 5 \"only $n\"") == "<test>:2:8: assertion failed: only 2: $n > 5 (left: 2, right: 5)")
    }

    @Test func keepGoingContinuesAfterAFailedAssertion() throws {
        let s = try LanguageFixture.session()
        let r = s.run("set keep-going on\nassert 1 == 2\necho after")
        #expect(r.status == .failed)
        #expect(r.out == "after\n")
    }

    @Test func exitInsideADefOrLoopStops() throws {
        let s = try LanguageFixture.session()
        let r = s.run("def quit-now { exit 4 }\nfor x in [1, 2] { echo $x; quit-now }\necho never")
        #expect(r.status == .exit(4))
        #expect(r.out == "1\n")
    }

    @Test func formatOptionAppliesToTheWholePipeline() throws {
        let s = try LanguageFixture.session()
        #expect(s.output("list funding --format csv | where amount.currency == USD | select id") == "id\nus-infra\nroost\n")
        #expect(s.output("list funding | where amount.currency == USD | select id --format json") == "[\n  {\"id\": \"us-infra\"},\n  {\"id\": \"roost\"}\n]\n")
        #expect(s.context.settings.format == .table)
        _ = s.output("set format csv")
        #expect(s.output("list summit | count") == "2\n")
        #expect(s.context.settings.format == .csv)
    }

    @Test func callsAreLimited() throws {
        let s = try LanguageFixture.session()
        let r = s.run("def f { f }\nf")
        #expect(r.err.hasPrefix("<test>:1:9: error: 'f' is called more than 100 deep (does it call itself without end?)\nnote: in 'f', called at <test>:1:9\n"))
        #expect(r.err.contains("more calls ..."))
        #expect(r.err.hasSuffix("note: in 'f', called at <test>:2:1\n"))
    }

    @Test func deepNestingAcrossCallsIsAnErrorNotACrash() throws {
        let s = try LanguageFixture.session()
        let body = String(repeating: "if 1 == 1 { ", count: 250) + "if $rest { f $rest } else { echo bottom }" + String(repeating: " }", count: 250)
        let r = s.run("def f x rest... { \(body) }\nf " + (0..<100).map(String.init).joined(separator: " "))
        #expect(r.status == .failed)
        #expect(r.err.contains(": error: too deeply nested: blocks, conditions, $( ) and def calls inside one another use up the stack; split the work into smaller steps\n"))
        #expect(s.output("echo still alive") == "still alive\n")
    }

    @Test func valuesCannotNestWithoutEnd() throws {
        let s = try LanguageFixture.session()
        let r = s.run("let a = []\nfor x in list event { for y in list event { for z in list funding { let a = [$a] } } }")
        #expect(r.err == "<test>:2:77: error: lists nested more than 64 deep\n")
        #expect(Interpreter.nesting(.list([.list([.number(1)])]), limit: 64) == 2)
    }

    @Test func runawayStatementsAreStopped() throws {
        let s = try LanguageFixture.session()
        s.interpreter.stepLimit = 1000
        let r = s.run("def f x rest... { if $rest { f $rest; f $rest } }\nf 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20")
        #expect(r.err.hasPrefix("<test>:1:"))
        #expect(r.err.contains(": error: stopped after running 1000 statements for one line (a loop, or a def that calls itself too often?)\n"))
        #expect(s.run("echo fine").status == .ok, "the budget is per top-level statement")
    }

    @Test func errorsInsideADefNameTheCallSite() throws {
        let s = try LanguageFixture.session()
        let r = s.run("def show-it id {\n  show $id\n}\nshow-it nowhere", file: "x.summit")
        #expect(r.err == "x.summit:2:8: error: no entity with id 'nowhere'; try `find nowhere`\nnote: in 'show-it', called at x.summit:4:1\n")
    }

    @Test func caretLinesWhenAsked() throws {
        let s = try LanguageFixture.session()
        s.interpreter.showsSourceLines = true
        let r = s.run("echo ok\nshow  nowhere")
        #expect(r.err == "<test>:2:7: error: no entity with id 'nowhere'; try `find nowhere`\n 2 | show  nowhere\n   |       ^~~~~~~\n")
        let p = s.run("list funding | wher x")
        #expect(p.err == "<test>:1:16: error: unknown pipeline stage 'wher'; did you mean 'where'?\n 1 | list funding | wher x\n   |                ^~~~\n")
    }

    @Test func packsOwnTheirDefinitions() throws {
        let s = try LanguageFixture.session()
        #expect(s.interpreter.loadDefinitions(script: "def pledged { list funding | count }", file: "pack.summit", owner: "money-pack") == .ok)
        #expect(s.context.commandOwner["pledged"] == "money-pack")
        #expect(s.output("help").contains("  money-pack plugin\n    pledged"))
        #expect(s.output("def mine { echo 1 }\nhelp").contains("  defined with def\n    mine"))
    }

    @Test func userCommandRunOutsideTheInterpreterIsAnError() throws {
        let s = try LanguageFixture.session()
        _ = s.output("def u { echo 1 }")
        let u = try #require(s.context.commands["u"])
        #expect(throws: CommandError.self) { try u.run(Arguments(), in: s.context) }
    }
}
