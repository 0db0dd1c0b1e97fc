/// The resource ids of one response file, each kept once. An id of 16 bytes or more (`vpc-`,
/// `subnet-`, `sg-` ids have 17–24) is a heap string; the same VPC, subnet or group id is repeated
/// across a file's resources (every subnet names its VPC, every rule the groups it references), and
/// each copy read from the XML would be its own allocation for as long as the snapshot lives.
/// Shorter strings are stored inline in the `String` value and are returned as they are.
///
/// Files name each other's ids too (a subnet its VPC, from another file; a route table's
/// associations their subnets): the snapshot's shared facts go through one table as they are
/// assembled (`sharingIds`), and what a batch keeps of its groups through another
/// (`ScopeResources.sharedPart(reportedStale:)`).
package final class IdentifierTable {
    private var ids = Set<String>()

    package init() {}

    package func intern(_ id: String) -> String {
        guard id.utf8.count > 15 else { return id }
        let (inserted, member) = ids.insert(id)
        return inserted ? id : member
    }
}
