#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much stack evaluation may use. The parser limits nesting within one script (256), but
/// `def` calls, blocks and `$( )` multiply across calls; rather than guess a count, the
/// interpreter measures the stack it has used since the outermost `run` and stops with an error
/// before it runs out.
enum StackGuard {
    /// An address in the caller's frame.
    @inline(never)
    static func here() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// Half the process's stack limit (its main thread's size; new threads get as much). Not
    /// capped: a raised limit (`ulimit -s`, as .ci/sanitizers does for the larger frames of
    /// sanitized code) gives evaluation more room, so the call-depth limit keeps its message.
    static let defaultBudget: Int = {
        var limit = rlimit()
        #if canImport(Glibc)
        let ok = getrlimit(__rlimit_resource_t(RLIMIT_STACK.rawValue), &limit) == 0
        #else
        let ok = getrlimit(RLIMIT_STACK, &limit) == 0
        #endif
        // An unlimited stack (RLIM_INFINITY, all bits set) or a failed call: assume 8 MB.
        let size = ok && limit.rlim_cur < (1 << 40) ? Int(clamping: limit.rlim_cur) : 8 << 20
        return size / 2
    }()
}

extension Interpreter {
    /// Stops with an error when evaluation has used more than `stackBudget` bytes of stack.
    func checkStack(at position: SourcePosition, in unit: SourceUnit) throws(Stop) {
        let now = StackGuard.here()
        guard stackBase > now, Int(stackBase - now) > stackBudget else { return }
        throw fail("too deeply nested: blocks, conditions, $( ) and def calls inside one another use up the stack; split the work into smaller steps",
                   at: position, in: unit)
    }
}
