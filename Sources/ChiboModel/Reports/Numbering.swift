/// Names numbered 0, 1, 2... in the order they are first met: a report then counts in arrays by number instead of
/// hashing each name again for every row it counts.
///
/// The name asked for next is guessed to be the last one again, or else the one numbered after it: rows read in
/// (month, unit) order meet the same units in the same order each month, so most names are recognised by a
/// comparison or two, not hashed.
struct Numbering {
    /// The names, by number.
    private(set) var names: [String] = []
    private var numbers: [String: Int] = [:]
    private var next = 0

    init(_ first: [String] = []) {
        self.init(reservingCapacity: first.count)
        for name in first { _ = number(name) }
    }

    /// Ready for `count` names without growing.
    init(reservingCapacity count: Int) {
        names.reserveCapacity(count)
        numbers.reserveCapacity(count)
    }

    /// `name`'s number, given it now if it had none (then it is `count - 1`).
    mutating func number(_ name: String) -> Int {
        if let known = existing(name) { return known }
        numbers[name] = names.count
        names.append(name)
        next = names.count
        return names.count - 1
    }

    /// `name`'s number, if it has one.
    mutating func existing(_ name: String) -> Int? {
        for guess in next - 1...next where names.indices.contains(guess) && names[guess] == name {
            next = guess + 1
            return guess
        }
        guard let known = numbers[name] else { return nil }
        next = known + 1
        return known
    }

    var count: Int { names.count }
}
