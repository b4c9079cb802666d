import Testing
@testable import SummitKit

/// Every error message of the language, each at least once, with its position.
@Suite("Language error messages")
struct LanguageErrorMessageTests {
    /// (script, the first line of the error).
    static let syntax: [(String, String)] = [
        // Lexer
        ("echo \\", "<test>:1:6: error: the line ends with '\\' but nothing follows; remove it or continue the command on the next line"),
        ("echo 'a", "<test>:1:6: error: unclosed single quote; add a closing '"),
        ("echo \"a", "<test>:1:6: error: unclosed double quote; add a closing \""),
        ("echo ${}", "<test>:1:6: error: '${' needs a variable name and a closing '}', such as ${total} or ${rec.name}"),
        ("echo \"n: $(list x)\"", "<test>:1:10: error: '$(' does not work inside double quotes: put it outside them (echo \"n:\" $(list summit | count)) or set a variable first; write \\$( for the characters"),
        // Statements
        ("}", "<test>:1:1: error: unexpected '}': no block is open here; remove it"),
        ("for x in [1] {\n echo", "<test>:1:14: error: '{' opened at line 1, column 14 is never closed; add '}'"),
        ("else { }", "<test>:1:1: error: 'else' without 'if': write it on the same line as the '}' that closes the if block, as in: } else {"),
        ("if 1 == 1 { } echo", "<test>:1:15: error: unexpected 'echo' after '}'; start the next statement on a new line or after ';'"),
        ("assert 1 == 1 ok more", "<test>:1:18: error: unexpected 'more' after the assertion message; quote a message that has spaces: assert CONDITION \"message\""),
        // let
        ("let $x = 1", "<test>:1:5: error: write the name without '$': let x = VALUE or COMMAND"),
        ("let = 1", "<test>:1:5: error: expected a variable name after 'let', not '='; usage: let NAME = VALUE or COMMAND"),
        ("let x=1", "<test>:1:5: error: put spaces around '=': let x = 1"),
        ("let 1x = 1", "<test>:1:5: error: '1x' is not a variable name: use letters, digits and '_', starting with a letter or '_'"),
        ("let for = 1", "<test>:1:5: error: 'for' is a reserved word; choose another name"),
        ("let x == 1", "<test>:1:7: error: use a single '=' in let: let x = ..."),
        ("let x 1", "<test>:1:7: error: expected '=' after 'let x', not '1'; usage: let x = VALUE or COMMAND"),
        ("let x =", "<test>:1:8: error: expected a value or a command after '=', as in: let n = funding list | count"),
        // def
        ("def { }", "<test>:1:5: error: def needs a command name, not '{'; usage: def NAME PARAM... { ... }"),
        ("def 9lives { }", "<test>:1:5: error: '9lives' is not a command name: use letters, digits, '-' and '_', starting with a letter"),
        ("def where { }", "<test>:1:5: error: 'where' is a reserved word; choose another name for the command"),
        ("def f $x { }", "<test>:1:7: error: write parameters without '$': def f x { ... }"),
        ("def f a$x { }", "<test>:1:7: error: a parameter is a name, name=DEFAULT or name..., not 'a$x'"),
        ("def f 2x { }", "<test>:1:7: error: '2x' is not a parameter name: use letters, digits and '_', starting with a letter or '_'"),
        ("def f in { }", "<test>:1:7: error: 'in' is a reserved word; choose another parameter name"),
        ("def f a a { }", "<test>:1:9: error: parameter 'a' is given twice"),
        ("def f a... b { }", "<test>:1:12: error: 'a...' takes every remaining argument, so it must be the last parameter"),
        ("def f a=1 b { }", "<test>:1:11: error: parameter 'b' needs a default (b=...) because an earlier one has one"),
        ("def f a", "<test>:1:8: error: expected '{' to start the body of 'f', not the end of the input; usage: def NAME PARAM... [\"SUMMARY\"] { ... }"),
        // for, if, assert
        ("for x of [1] { }", "<test>:1:7: error: expected 'in' after 'for x', not 'of'; usage: for x in COMMAND { ... }"),
        ("for x in { }", "<test>:1:10: error: expected a command or a value after 'in', as in: for s in list summit { ... }"),
        ("for x in [1]\n{ }", "<test>:1:13: error: expected '{' to start the loop body, not the end of the line"),
        ("if { }", "<test>:1:4: error: if needs a condition before '{', as in: if $n > 3 { ... }"),
        ("if 1 == 1\n{ }", "<test>:1:10: error: expected '{' after the if condition, not the end of the line"),
        ("if 1 == 1 { } else echo", "<test>:1:20: error: expected '{' or 'if' after 'else', not 'echo'"),
        ("assert", "<test>:1:7: error: assert needs a condition, as in: assert $n > 0 \"no pledges\""),
        ("assert 1 == 1 {", "<test>:1:15: error: expected a message or the end of the assertion, not '{'"),
        // Pipelines
        ("list x || count", "<test>:1:8: error: '||' is not an operator here; use 'or' to combine conditions"),
        ("list x |", "<test>:1:8: error: a pipeline cannot end with '|'; add a stage after it: where, sort, select, first, last, count, group, sum"),
        ("| count", "<test>:1:1: error: a pipeline starts with a command or a value, not '|'"),
        ("{ }", "<test>:1:1: error: unexpected '{': blocks follow for, if, else and def; quote it to pass '{' as text"),
        ("echo {", "<test>:1:6: error: unexpected '{': blocks follow for, if, else and def; quote it to pass '{' as text"),
        ("(list x)", "<test>:1:1: error: unexpected '(': to use a command's result as a value write $( COMMAND )"),
        (") x", "<test>:1:1: error: unexpected ')' at the start of a command"),
        ("echo $(;)", "<test>:1:8: error: expected a command or a value, not ';'"),
        ("3 apples", "<test>:1:3: error: unexpected 'apples' after a value; a value can only be followed by '|' and a stage (to run a command, start with its name)"),
        ("echo $()", "<test>:1:8: error: '$( )' needs a command inside, as in: $(funding list | count)"),
        ("echo $(list x", "<test>:1:6: error: '$(' opened at line 1, column 6 is never closed; add ')'"),
        ("echo $(list x | first 1 }", "<test>:1:25: error: expected ')' to close the '$(' at line 1, column 6, not '}'"),
        ("list x | 'where'", "<test>:1:10: error: expected a stage after '|' (where, sort, select, first, last, count, group, sum), not 'where'"),
        ("list x | wher a", "<test>:1:10: error: unknown pipeline stage 'wher'; did you mean 'where'?"),
        ("list x | show y", "<test>:1:10: error: unknown pipeline stage 'show'; the stages are where, sort, select, first, last, count, group, sum (commands cannot follow '|')"),
        ("list x | where", "<test>:1:15: error: where needs a condition, as in: where amount > 10bn"),
        ("list x | sort a up", "<test>:1:17: error: expected asc or desc after the field, not 'up'; sort takes one field"),
        ("list x | first a", "<test>:1:16: error: first needs a whole number of rows, as in: first 3; not 'a'"),
        ("list x | last -1", "<test>:1:15: error: last needs a whole number of rows, as in: last 3; not '-1'"),
        ("list x | count a", "<test>:1:16: error: count takes no field; to count rows per value write: group a"),
        ("list x | where a == 1 b", "<test>:1:23: error: expected '|' or the end of the line after the condition, not 'b'"),
        ("list x | where a == 1 == 2", "<test>:1:23: error: a comparison takes one operator; to combine two, join them with 'and' or 'or'"),
        ("list x | sort a desc b", "<test>:1:22: error: unexpected 'b' after the sort stage"),
        ("list x | first 1 --format", "<test>:1:18: error: --format needs a value: table, json, csv or markdown"),
        ("list x | first 1 --format xml", "<test>:1:27: error: unknown format 'xml'; use table, json, csv or markdown"),
        ("list x | select", "<test>:1:16: error: select needs a field name, as in: select name amount; not the end of the input"),
        ("list x | group a>b", "<test>:1:16: error: 'a>b' is not a field name; group takes field names, as in: group summit"),
        // Conditions
        ("list x | where a >", "<test>:1:19: error: expected a value after '>', not the end of the input"),
        ("list x | where a == and", "<test>:1:21: error: expected a value after '==', not 'and'"),
        ("list x | where a = 1", "<test>:1:18: error: use '==' to compare ('=' is only for let)"),
        ("list x | where a === 1", "<test>:1:18: error: use '==' to compare"),
        ("list x | where a == 1 && b", "<test>:1:23: error: use 'and' to combine conditions, not '&&'"),
        ("list x | where a <> 1", "<test>:1:18: error: use '!=' for 'not equal'"),
        ("list x | where a =< 1", "<test>:1:18: error: did you mean '<='?"),
        ("list x | where a => 1", "<test>:1:18: error: did you mean '>='?"),
        ("list x | where a =! 1", "<test>:1:18: error: did you mean '!='?"),
        ("list x | where a ~ b", "<test>:1:18: error: there is no '~' operator; use 'contains' to look for text"),
        ("list x | where a =~ b", "<test>:1:18: error: there is no '=~' operator; use 'contains' to look for text"),
        ("list x | where a not-in b", "<test>:1:18: error: write 'not X in LIST' as: not (X in LIST)"),
        ("list x | where a b", "<test>:1:18: error: expected a comparison operator (==, !=, <, <=, >, >=, contains, in) after 'a', not 'b'"),
        ("list x | where (a == 1", "<test>:1:16: error: '(' opened at line 1, column 16 is never closed; add ')'"),
        ("list x | where (a == 1 }", "<test>:1:24: error: expected ')' to close the '(' at line 1, column 16, not '}'"),
        ("list x | where == 1", "<test>:1:16: error: expected a field before '==', as in: where amount > 10bn"),
        ("if == 1 { }", "<test>:1:4: error: expected a value before '=='"),
        ("list x | where amount>=10bn", "<test>:1:16: error: put spaces around the operator: amount >= 10bn"),
        ("list x | where a == {", "<test>:1:21: error: expected a value after '==', not '{'"),
        ("list x | where ]", "<test>:1:16: error: expected a field name, not ']'"),
        ("if ] { }", "<test>:1:4: error: expected a value, not ']'"),
        ("assert [1, 2", "<test>:1:8: error: '[' opened at line 1, column 8 is never closed; add ']'"),
        ("assert [1 2]", "<test>:1:11: error: expected ',' or ']' in the list, not '2'"),
        ("if $a || $b { }", "<test>:1:7: error: '||' is not an operator; use 'or' to combine conditions"),
    ]

    @Test(arguments: syntax)
    func syntaxErrors(_ script: String, _ expected: String) throws {
        let s = try LanguageFixture.session()
        let r = s.run(script)
        #expect(r.status == .failed)
        #expect(r.out.isEmpty, "a script with a syntax error runs nothing")
        #expect(r.err == expected + "\n")
    }

    /// (script, the first line of the error): errors found while running.
    static let runtime: [(String, String)] = [
        ("def show { }", "<test>:1:5: error: 'show' is already a command (built in); choose another name for your def"),
        ("unknown-thing", "<test>:1:1: error: unknown command 'unknown-thing'; type `help` to list commands"),
        ("sohw x", "<test>:1:1: error: unknown command 'sohw'; did you mean 'show'?"),
        ("lte x = 1", "<test>:1:1: error: unknown command 'lte'; did you mean 'let'?"),
        ("where a == 1", "<test>:1:1: error: unknown command 'where'; 'where' is a pipeline stage: put it after a command and '|', as in: funding list | where ..."),
        ("let s = paris-2025", "<test>:1:9: error: unknown command 'paris-2025'; to store text, quote it: let s = 'paris-2025'"),
        ("echo $nope", "<test>:1:6: error: undefined variable '$nope'; set it first with: let nope = ..."),
        ("let total = 1\necho $totl", "<test>:2:6: error: undefined variable '$totl'; did you mean '$total'?"),
        ("let p = show paris-2025\necho $p.nmae", "<test>:2:6: error: $p has no field 'nmae'; did you mean 'name'?"),
        ("let p = show paris-2025\necho $p.zzzzzz", "<test>:2:6: error: $p has no field 'zzzzzz'; its fields are id, kind, name, fields, dates, participants, relations, host, sources"),
        ("list funding | sort amout", "<test>:1:21: error: sort: no row has a field 'amout'; did you mean 'amount'?"),
        ("list funding | where zzzzzz", "<test>:1:22: error: where: no row has a field 'zzzzzz'; the fields are id, kind, name, amount, summit, funder, part_of, context"),
        ("list funding | sum name", "<test>:1:20: error: sum: 'name' is text in row 1 ('InvestAI'), not a number or money"),
        ("['a', 2] | sum value", "<test>:1:16: error: sum: 'value' is text in row 1 ('a'), not a number or money"),
        ("let f = 3\nlist funding | sort $f", "<test>:2:21: error: sort needs a field name; $f is number 3"),
        ("let n = 'many'\nlist funding | first $n", "<test>:2:22: error: first needs a whole number of rows; $n is 'many'"),
        ("list event | where dates > hello", "<test>:1:28: error: where: cannot compare date range 2025-02-06..2025-02-11 with text 'hello'; write an ISO date such as 2025-02-10 (or 2025-02, 2025)"),
        ("list funding | where amount > lots", "<test>:1:31: error: where: cannot compare money EUR 200bn with text 'lots'; write an amount such as 10bn or 10bn EUR"),
        ("list declaration | where signatory_count > many", "<test>:1:44: error: where: cannot compare number 60 with text 'many'; write a number such as 20, 1.5m or 10bn"),
        ("list funding | where context == maybe", "<test>:1:33: error: where: cannot compare boolean yes with text 'maybe'; write true or false"),
        ("list funding | where context < true", "<test>:1:22: error: where: '<' needs numbers, money, dates or text; boolean values can only be compared with == and !="),
        ("if [1, 2] < [3, 4] { }", "<test>:1:4: error: lists can only be compared with == and !=; use 'contains' to look inside one"),
        ("if [1, 2] == 3 { }", "<test>:1:4: error: cannot compare a list of 2 with number 3; use 'contains' to test membership"),
        ("if 3 == [1, 2] { }", "<test>:1:9: error: cannot compare number 3 with a list of 2; use 'in' to test membership"),
        ("if 3 contains 1 { }", "<test>:1:4: error: 'contains' needs text, a list or a date range on its left; 3 is number"),
        ("if 1 in 3 { }", "<test>:1:9: error: 'in' needs a list, text or a date range on its right; 3 is number"),
        ("if $(show paris-2025) < $(show paris-2025) { }", "<test>:1:4: error: '<' needs numbers, money, dates or text; record values can only be compared with == and !="),
        ("let d = 2025-02-10\nif $d == $(list summit | count) { }", "<test>:2:10: error: cannot compare date 2025-02-10 with number 2; write an ISO date such as 2025-02-10 (or 2025-02, 2025)"),
        ("let m = 5bn EUR\nif $m > $(show paris-2025) { }", "<test>:2:9: error: cannot compare money EUR 5bn with record paris-2025; write an amount such as 10bn or 10bn EUR"),
        ("def f { f }\nf", "<test>:1:9: error: 'f' is called more than 100 deep (does it call itself without end?)"),
        ("def two a b { }\ntwo 1", "<test>:2:1: error: two needs B (parameter); usage: two A B"),
        ("def none { }\nnone --x", "<test>:2:6: error: none has no option '--x'; it takes no options"),
        ("assert 1 == 2", "<test>:1:8: assertion failed: 1 == 2 (left: 1, right: 2)"),
    ]

    @Test(arguments: runtime)
    func runtimeErrors(_ script: String, _ expected: String) throws {
        let s = try LanguageFixture.session()
        #expect(s.firstError(script) == expected)
    }

    @Test func stepLimitMessage() throws {
        let s = try LanguageFixture.session()
        s.interpreter.stepLimit = 10
        #expect(s.firstError("for x in [1,2,3,4,5,6,7,8,9,10,11,12] { echo $x }") == "<test>:1:41: error: stopped after running 10 statements for one line (a loop, or a def that calls itself too often?)")
    }

    @Test func commandGroupCannotBeRedefined() throws {
        let s = try LanguageFixture.session()
        s.context.register(EchoCommand.Named(name: "pack list"), owner: "pack")
        #expect(s.firstError("def pack { }") == "<test>:1:5: error: 'pack' is a command group (pack list); choose another name for your def")
    }

    @Test func pluginCommandCannotBeRedefined() throws {
        let s = try LanguageFixture.session()
        s.context.register(EchoCommand.Named(name: "shout"), owner: "loud")
        #expect(s.firstError("def shout { }") == "<test>:1:5: error: 'shout' is already a command (from the loud plugin); choose another name for your def")
    }

    @Test func sumOfMixedMoneyAndNumbers() throws {
        let s = try LanguageFixture.session()
        #expect(s.firstError("[$(show investai).amount, 3] | sum value") == "<test>:1:36: error: sum: 'value' holds both money and plain numbers; select one kind first, as in: where value.currency == EUR")
    }
}

extension EchoCommand {
    /// A command with any name, for tests.
    struct Named: Command {
        let name: String
        let summary = "test"
        func run(_ arguments: Arguments, in context: CommandContext) throws(CommandError) -> CommandResult { .none }
    }
}
