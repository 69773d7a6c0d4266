/// Runs `body` over `items` with at most `limit` in flight, keeping results in input order.
enum Bounded {
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], limit: Int,
                                                      _ body: @escaping @Sendable (Item) async -> Result) async -> [Result] {
        await withTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            for _ in 0..<min(max(1, limit), items.count) {
                let (index, item) = (next, items[next])
                group.addTask { (index, await body(item)) }
                next += 1
            }
            for await (index, result) in group {
                results[index] = result
                if next < items.count {
                    let (index, item) = (next, items[next])
                    group.addTask { (index, await body(item)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }
}
