/// The code and message of an AWS error body, in either format: EC2's
/// `<Response><Errors><Error><Code>…` and the Query protocol's (STS) `<ErrorResponse><Error><Code>…`.
/// Fed the items a `ResponseHandler` receives; the first error wins.
public struct AWSErrorBody: Sendable {
    public private(set) var code: String?
    public private(set) var message: String?

    public init() {}

    private static let errors = XMLName("Errors"), error = XMLName("Error")
    private static let codeName = XMLName("Code"), messageName = XMLName("Message")

    public mutating func read(_ item: ItemElement, in container: XMLName) {
        if container == Self.errors && code == nil {
            code = item.value(Self.codeName) ?? ""
            message = item.value(Self.messageName)
        } else if container == Self.error {
            // STS: the children of <Error> arrive one by one.
            if item.name == Self.codeName { code = item.text }
            if item.name == Self.messageName { message = item.text }
        }
    }
}
