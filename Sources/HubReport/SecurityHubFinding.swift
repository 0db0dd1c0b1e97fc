/// One finding in the AWS Security Finding Format (ASFF, schema 2018-10-08), as BatchImportFindings
/// takes it. Only the attributes hubaudit fills; the keys are ASFF's own.
public struct SecurityHubFinding: Encodable, Sendable {
    public var schemaVersion = "2018-10-08"
    public var id: String
    public var productArn: String
    public var productName = "hubaudit"
    public var generatorId: String
    public var awsAccountId: String
    public var types: [String]
    public var createdAt: String
    public var updatedAt: String
    public var firstObservedAt: String
    public var lastObservedAt: String
    public var severity: Severity
    public var title: String
    public var description: String
    public var remediation: Remediation
    public var productFields: [String: String]
    public var resources: [Resource]
    public var compliance: Compliance
    public var workflow: Workflow
    public var recordState: String
    /// What the provider says about severity and types: BatchImportFindings updates these here, not
    /// in `Severity` and `Types`, once a finding exists.
    public var findingProviderFields: FindingProviderFields

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "SchemaVersion", id = "Id", productArn = "ProductArn", productName = "ProductName"
        case generatorId = "GeneratorId", awsAccountId = "AwsAccountId", types = "Types", createdAt = "CreatedAt"
        case updatedAt = "UpdatedAt", firstObservedAt = "FirstObservedAt", lastObservedAt = "LastObservedAt"
        case severity = "Severity", title = "Title", description = "Description", remediation = "Remediation"
        case productFields = "ProductFields", resources = "Resources", compliance = "Compliance", workflow = "Workflow"
        case recordState = "RecordState", findingProviderFields = "FindingProviderFields"
    }

    public struct Severity: Encodable, Sendable, Equatable {
        /// INFORMATIONAL, LOW, MEDIUM, HIGH or CRITICAL.
        public var label: String
        /// hubaudit's own name: info, low, medium, high, critical.
        public var original: String
        enum CodingKeys: String, CodingKey { case label = "Label", original = "Original" }
    }

    public struct Remediation: Encodable, Sendable {
        public var recommendation: Recommendation
        enum CodingKeys: String, CodingKey { case recommendation = "Recommendation" }
    }

    public struct Recommendation: Encodable, Sendable {
        public var text: String
        enum CodingKeys: String, CodingKey { case text = "Text" }
    }

    public struct Resource: Encodable, Sendable, Equatable {
        public var type: String
        public var id: String
        public var partition: String
        public var region: String
        enum CodingKeys: String, CodingKey { case type = "Type", id = "Id", partition = "Partition", region = "Region" }
    }

    public struct Compliance: Encodable, Sendable {
        /// FAILED for a finding, PASSED for one the baseline had and this run no longer has.
        public var status: String
        public var relatedRequirements: [String]?
        enum CodingKeys: String, CodingKey { case status = "Status", relatedRequirements = "RelatedRequirements" }
    }

    public struct Workflow: Encodable, Sendable {
        /// NEW, SUPPRESSED (waived) or RESOLVED (archived).
        public var status: String
        enum CodingKeys: String, CodingKey { case status = "Status" }
    }

    public struct FindingProviderFields: Encodable, Sendable {
        public var severity: Severity
        public var types: [String]
        enum CodingKeys: String, CodingKey { case severity = "Severity", types = "Types" }
    }
}
