/// What a finding is about, in terms another rule can name too: the engine cross-references
/// findings of different rules that share a subject ("see also …"), so that no rule needs to
/// know another.
public struct FindingSubject: Hashable, Sendable, Comparable {
    let key: String

    /// One route: its table and the destination as the table holds it (a CIDR or a prefix-list id).
    public static func route(table: String, destination: String) -> FindingSubject {
        FindingSubject(key: "route|\(table)|\(destination)")
    }

    /// Address space two VPCs share (order does not matter).
    public static func overlap(_ a: String, _ b: String) -> FindingSubject {
        FindingSubject(key: "overlap|\(min(a, b))|\(max(a, b))")
    }

    public static func < (a: FindingSubject, b: FindingSubject) -> Bool { a.key < b.key }
}
