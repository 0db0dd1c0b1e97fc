/// A collection problem that stops the run before or after the calls: a plain sentence naming
/// the path, region or option at fault.
public struct CollectFailure: Error, CustomStringConvertible, Equatable {
    public var description: String

    public init(_ description: String) { self.description = description }
}
