/// Names numbered 0, 1, 2... in the order they are first met: a report then counts in arrays by number instead of
/// hashing each name again for every row it counts.
struct Numbering {
    /// The names, by number.
    private(set) var names: [String] = []
    private var numbers: [String: Int] = [:]

    init(_ first: [String] = []) {
        for name in first { _ = number(name) }
    }

    /// `name`'s number, given it now if it had none (then it is `count - 1`).
    mutating func number(_ name: String) -> Int {
        if let known = numbers[name] { return known }
        numbers[name] = names.count
        names.append(name)
        return names.count - 1
    }

    var count: Int { names.count }
}
