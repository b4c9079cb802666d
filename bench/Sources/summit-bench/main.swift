// summit-bench: in-process micro-benchmarks that a whole-process timing cannot isolate.
// Today: Tab completion of an entity-id prefix with N entities loaded (bench/run, target 4).
//
//   summit-bench completion [N]     (default 1000000)
//
// Builds a registry of N entities with the ids and kind mix of bench/gen.py (bench-fund-7,
// bench-person-12...), loads the core commands as the REPL does, then times what Tab after
// `show PREFIX` runs: the `show` command's completion, which is CommandContext.complete over
// every entity id. Prints one line per prefix: candidates, median and max milliseconds.
import SummitKit
#if canImport(Glibc)
import Glibc
#endif

func nowNS() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

func mix(_ n: Int) -> [(String, String, Int)] {
    let src = max(10, n / 100), summit = max(3, n / 1000), country = 100
    let org = n * 8 / 100, person = n * 20 / 100, event = n * 30 / 100
    let fund = n - src - summit - country - org - person - event
    return [("src", "source", src), ("summit", "summit", summit), ("country", "country", country),
            ("org", "organisation", org), ("person", "person", person), ("event", "event", event), ("fund", "funding", fund)]
}

let args = CommandLine.arguments
guard args.count >= 2, args[1] == "completion" else {
    StandardStream.err("usage: summit-bench completion [N]\n")
    exit(2)
}
let n = args.count > 2 ? Int(args[2]) ?? 1_000_000 : 1_000_000

var t0 = nowNS()
var entities: [Entity] = []
entities.reserveCapacity(n)
for (stem, kind, count) in mix(n) {
    for i in 1...count {
        entities.append(Entity(id: "bench-\(stem)-\(i)", kind: kind, name: "\(kind) \(i)", sources: ["bench-src-1"], pack: "bench"))
    }
}
let registry = Registry(trusted: entities)
let context = CommandContext(registry: registry)
context.load(LoadedPlugin(CorePlugin()))
print("built \(registry.count) entities in \((nowNS() - t0) / 1_000_000) ms")

guard let (show, _) = context.resolveCommand(["show"]) else { fatalError("no show command") }
let prefixes = ["bench-fund-12345", "bench-person-999", "bench-event-1", "bench-o", "nope", "b"]
for prefix in prefixes {
    var times: [UInt64] = []
    var found = 0
    for _ in 0..<11 {
        t0 = nowNS()
        found = show.complete(CompletionRequest(previous: [], prefix: prefix), in: context).count
        times.append(nowNS() - t0)
    }
    times.sort()
    let ms = { (ns: UInt64) in String(Double(ns / 1000) / 1000) }
    print("completion prefix=\(prefix) candidates=\(found) median_ms=\(ms(times[times.count / 2])) max_ms=\(ms(times.last!))")
}
