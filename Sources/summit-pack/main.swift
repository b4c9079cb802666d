// summit-pack: reads plugin directories (pack.yaml + YAML data files) and writes their pack
// form, JSON, on stdout for `summit` to decode. It exists so that `summit` never links the YAML
// reader (Yams, Foundation): see docs/ARCHITECTURE.md, "Decisions".
//
//   summit-pack read DIR...     one JSON document (PackWire) for all the directories
//   summit-pack check DIR...    the problems as FILE:LINE:COL: error: MESSAGE; status 1 if any
import SummitKit
import SummitPacks

#if canImport(Glibc)
import Glibc
#endif

let usage = """
    usage: summit-pack read DIR...    write the plugins' pack form (JSON) on stdout
           summit-pack check DIR...   list every problem; exit status 1 if there is any
    summit starts this helper itself to read packs; see docs/PLUGINS.md.

    """

let args = Array(CommandLine.arguments.dropFirst())
guard let verb = args.first, ["read", "check"].contains(verb), args.count >= 2 else {
    if args.first == "--version" {
        StandardStream.out("summit-pack \(SummitVersion.current) (pack form \(PackWire.version))\n")
        exit(0)
    }
    StandardStream.err(usage)
    exit(args.first == "--help" || args.first == "-h" ? 0 : 2)
}
let packs = args.dropFirst().map(PackDirectory.read)
if verb == "read" {
    exit(StandardStream.write(PackWire.encode(packs) + "\n", to: 1) ? 0 : 1)
}
var problems = 0
for p in packs {
    for e in p.problems {
        StandardStream.err(e.description + "\n")
        problems += 1
    }
}
if problems == 0 { StandardStream.out("no problems in \(packs.count) plugin\(packs.count == 1 ? "" : "s")\n") }
exit(problems == 0 ? 0 : 1)
