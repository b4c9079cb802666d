/// The registry's entities in load order: entities of their own, and packs linked from a mapped
/// image (`PackImage`), whose entities are made when asked for (a 16-byte handle to the image and
/// a position) rather than held. Linking a pack of a million entities from its image therefore
/// allocates nothing per entity.
public struct EntityStore: RandomAccessCollection, Sendable, Equatable {
    /// The entities that are not in an image, in load order.
    private var own: [Entity] = []
    /// Ranges of positions, in order, each of entities of their own or of one image. Empty while
    /// no image is linked (then position `i` is `own[i]`).
    private var segments: [Segment] = []
    /// The images linked, with the position of each one's first entity.
    public private(set) var images: [(base: Int, image: PackImage)] = []
    public private(set) var endIndex = 0

    private struct Segment: Sendable {
        var start: Int
        var count: Int
        /// The image the segment's entities are read from; nil for entities of their own,
        /// starting at `ownStart` in `own`.
        var image: PackImage?
        var ownStart: Int
    }

    public init() {}

    public init(_ entities: [Entity]) {
        own = entities
        endIndex = entities.count
    }

    public var startIndex: Int { 0 }

    public subscript(i: Int) -> Entity {
        if segments.isEmpty { return own[i] }
        let s = segments[segment(of: i)]
        if let image = s.image { return Entity(image: image, position: i - s.start) }
        return own[s.ownStart + i - s.start]
    }

    /// The segment holding position `i` (a binary search; there are few).
    private func segment(of i: Int) -> Int {
        precondition(i >= 0 && i < endIndex, "entity position out of range")
        var lo = 0, hi = segments.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if segments[mid].start <= i { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    public mutating func reserveCapacity(_ n: Int) { own.reserveCapacity(n - (endIndex - own.count)) }

    public mutating func append(_ e: Entity) {
        if !segments.isEmpty {
            if segments[segments.count - 1].image == nil { segments[segments.count - 1].count += 1 } else {
                segments.append(Segment(start: endIndex, count: 1, image: nil, ownStart: own.count))
            }
        }
        own.append(e)
        endIndex += 1
    }

    /// Links every entity of `image`, after the others.
    public mutating func append(image: PackImage) {
        if segments.isEmpty, !own.isEmpty { segments.append(Segment(start: 0, count: own.count, image: nil, ownStart: 0)) }
        segments.append(Segment(start: endIndex, count: image.count, image: image, ownStart: own.count))
        images.append((endIndex, image))
        endIndex += image.count
    }

    public static func == (a: EntityStore, b: EntityStore) -> Bool { a.elementsEqual(b) }
}
