/// The code and message of an AWS error body, in either format: EC2's
/// `<Response><Errors><Error><Code>…` and the Query protocol's (STS) `<ErrorResponse><Error><Code>…`.
/// Fed the items a `ResponseHandler` receives; the first error wins.
public struct AWSErrorBody: Sendable {
    public private(set) var code: String?
    public private(set) var message: String?

    public init() {}

    public mutating func read(_ item: XMLNode, in container: String) {
        switch container {
        case "Errors" where code == nil:
            code = item.value("Code") ?? ""
            message = item.value("Message")
        case "Error":
            // STS: the children of <Error> arrive one by one.
            if item.name == "Code" { code = item.text }
            if item.name == "Message" { message = item.text }
        default:
            break
        }
    }
}
