// summit-pack: reads plugin directories (pack.yaml + YAML data files) and writes their pack
// form on stdout for `summit` to decode. It exists so that `summit` never links the YAML
// reader (Yams, Foundation): see docs/ARCHITECTURE.md, "Decisions".
//
//   summit-pack compile DIR...  the compiled form (PackBinary), what summit reads and caches
//   summit-pack read DIR...     the same as one JSON document (PackWire), for people and tools
//   summit-pack check DIR...    the problems as FILE:LINE:COL: error: MESSAGE; status 1 if any
import SummitKit
import SummitPacks

#if canImport(Glibc)
import Glibc
#endif

let usage = """
    usage: summit-pack compile DIR...  write the plugins' compiled form (binary) on stdout
           summit-pack read DIR...     write the same as JSON on stdout
           summit-pack check DIR...    list every problem; exit status 1 if there is any
    summit starts this helper itself to read packs; see docs/PLUGINS.md.

    """

let args = Array(CommandLine.arguments.dropFirst())
guard let verb = args.first, ["compile", "read", "check"].contains(verb), args.count >= 2 else {
    if args.first == "--version" {
        StandardStream.out("summit-pack \(SummitVersion.current) (pack form \(PackWire.version), compiled form \(PackBinary.version))\n")
        exit(0)
    }
    StandardStream.err(usage)
    exit(args.first == "--help" || args.first == "-h" ? 0 : 2)
}
let packs = args.dropFirst().map(PackDirectory.read)
if verb == "compile" {
    if isatty(1) != 0 {
        StandardStream.err("summit-pack: the compiled form is binary; redirect it to a file (summit-pack compile DIR > FILE) or use `read` for JSON\n")
        exit(2)
    }
    let bytes = PackBinary.encode(packs)
    exit(bytes.withUnsafeBytes { StandardStream.write(bytes: $0, to: 1) } ? 0 : 1)
}
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
